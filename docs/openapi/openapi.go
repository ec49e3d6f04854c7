// Package openapi embeds the OpenAPI document of the Nexus REST routes,
// generated from proto/ by `make proto-gen`, so nexusd can serve it.
package openapi

import (
	_ "embed"
	"net/http"
)

// Path is where nexusd's REST server serves the document.
const Path = "/nexus/openapi.json"

//go:embed openapi.json
var document []byte

// Document returns the OpenAPI (swagger 2.0) JSON document.
func Document() []byte { return document }

// Handler serves the document.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(document)
	})
}
