// Package openapi embeds the OpenAPI document of every REST route nexusd
// serves (the Nexus modules and the Cosmos SDK modules the app runs),
// generated from the protos by `make proto-gen`, and a Swagger UI for it, so
// that nexusd serves both without reaching any other host.
//
// The document (openapi.json) and the Swagger UI assets (swagger-ui/, from
// the pinned npm package swagger-ui-dist) are generated; the page around
// them (ui/) is ours.
package openapi

import (
	"embed"
	"net/http"
	"strings"
)

// Path is where nexusd's REST server serves the document.
const Path = "/nexus/openapi.json"

// UIPath is where nexusd's REST server serves the Swagger UI (when the
// api.swagger setting of app.toml is on, as `nexusd init` writes it).
const UIPath = "/swagger/"

//go:embed openapi.json
var document []byte

//go:embed swagger-ui/swagger-ui-bundle.js swagger-ui/swagger-ui.css ui/index.html ui/initializer.js
var assets embed.FS

// Document returns the OpenAPI (swagger 2.0) JSON document.
func Document() []byte { return document }

// Handler serves the document.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(document)
	})
}

// uiFiles maps each name under UIPath to its embedded file and type.
var uiFiles = map[string][2]string{
	"":                     {"ui/index.html", "text/html; charset=utf-8"},
	"index.html":           {"ui/index.html", "text/html; charset=utf-8"},
	"initializer.js":       {"ui/initializer.js", "text/javascript; charset=utf-8"},
	"swagger-ui-bundle.js": {"swagger-ui/swagger-ui-bundle.js", "text/javascript; charset=utf-8"},
	"swagger-ui.css":       {"swagger-ui/swagger-ui.css", "text/css; charset=utf-8"},
}

// SwaggerUI serves the Swagger UI under UIPath, with the document at
// UIPath+"openapi.json". Mount it on the path prefix UIPath.
func SwaggerUI() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, UIPath)
		if name == "openapi.json" {
			Handler().ServeHTTP(w, r)
			return
		}
		f, ok := uiFiles[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, err := assets.ReadFile(f[0])
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", f[1])
		_, _ = w.Write(b)
	})
}
