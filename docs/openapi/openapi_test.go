package openapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	dbm "github.com/cosmos/cosmos-db"

	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/docs/openapi"
)

// document is the part of the OpenAPI document the tests read.
type document struct {
	Swagger string `json:"swagger"`
	Info    struct {
		Title string `json:"title"`
	} `json:"info"`
	Paths map[string]map[string]struct {
		OperationID string   `json:"operationId"`
		Tags        []string `json:"tags"`
	} `json:"paths"`
}

func load(t *testing.T) document {
	t.Helper()
	var d document
	if err := json.Unmarshal(openapi.Document(), &d); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return d
}

func (d document) has(r openapi.Route) bool {
	ops, ok := d.Paths[r.Path]
	if !ok {
		return false
	}
	_, ok = ops[r.Method]
	return ok
}

// TestDocumentIsOneValidDocument checks the generated document: swagger 2.0,
// the Nexus title, and an operationId on every operation, unique across the
// document (protoc-gen-openapiv2 would name every module's Params
// "Query_Params" without the generated openapi_configuration).
func TestDocumentIsOneValidDocument(t *testing.T) {
	d := load(t)
	if d.Swagger != "2.0" || !strings.Contains(d.Info.Title, "Nexus") {
		t.Fatalf("swagger %q, title %q", d.Swagger, d.Info.Title)
	}
	seen := map[string]string{}
	for path, ops := range d.Paths {
		for method, op := range ops {
			if op.OperationID == "" {
				t.Errorf("%s %s has no operationId", method, path)
			}
			if prev, dup := seen[op.OperationID]; dup {
				t.Errorf("operationId %s is used by %s and %s %s", op.OperationID, prev, method, path)
			}
			seen[op.OperationID] = method + " " + path
			if len(op.Tags) != 1 || !strings.Contains(op.Tags[0], ".") {
				t.Errorf("%s %s: tags %v, want the package-qualified service", method, path, op.Tags)
			}
		}
	}
}

// TestEveryNexusQueryIsDocumented checks that every method of every Nexus
// Query service has a REST route (google.api.http) and that the route is in
// the document.
func TestEveryNexusQueryIsDocumented(t *testing.T) {
	d := load(t)
	n := 0
	gogoproto.HybridResolver.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "azora.") {
			return true
		}
		for i := 0; i < fd.Services().Len(); i++ {
			svc := fd.Services().Get(i)
			if svc.Name() != "Query" {
				continue
			}
			for j := 0; j < svc.Methods().Len(); j++ {
				m := svc.Methods().Get(j)
				routes := openapi.MethodRoutes(m)
				if len(routes) == 0 {
					t.Errorf("%s has no REST route (google.api.http)", m.FullName())
				}
				for _, r := range routes {
					n++
					if !d.has(r) {
						t.Errorf("%s: %s %s is not in docs/openapi/openapi.json (run make proto-gen)", m.FullName(), r.Method, r.Path)
					}
				}
			}
		}
		return true
	})
	if n < 40 {
		t.Fatalf("found %d Nexus query routes; the six modules have more than 40", n)
	}
}

// TestDocumentCoversEveryServedService checks the document against the app:
// every query service registered in the app's gRPC router whose methods
// have REST annotations is documented (or is on GRPCOnlyServices), and every
// documented route belongs to a service the app or the server registers.
func TestDocumentCoversEveryServedService(t *testing.T) {
	d := load(t)
	a := apptesting.NewApp(t, dbm.NewMemDB())
	qr := a.GRPCQueryRouter()
	// The tx, CometBFT and node services are registered by the server when
	// it starts (App.RegisterTxService etc.), not by app.New.
	serverServices := map[string]bool{
		"cosmos.tx.v1beta1.Service":              true,
		"cosmos.base.tendermint.v1beta1.Service": true,
		"cosmos.base.node.v1beta1.Service":       true,
	}
	grpcOnly := map[string]bool{}
	for _, s := range openapi.GRPCOnlyServices {
		grpcOnly[s] = true
	}
	documented := map[openapi.Route]bool{}
	var missing []string
	gogoproto.HybridResolver.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			svc := fd.Services().Get(i)
			name := string(svc.FullName())
			for j := 0; j < svc.Methods().Len(); j++ {
				m := svc.Methods().Get(j)
				registered := serverServices[name] || qr.Route("/"+name+"/"+string(m.Name())) != nil
				for _, r := range openapi.MethodRoutes(m) {
					if !registered {
						continue
					}
					if d.has(r) {
						documented[r] = true
					} else if !grpcOnly[name] {
						missing = append(missing, name+"."+string(m.Name())+" "+r.Method+" "+r.Path)
					}
				}
			}
		}
		return true
	})
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("served but not documented: %s (add its proto to SDK_GATEWAY_PROTOS in scripts/protocgen.sh)", m)
	}
	for path, ops := range d.Paths {
		for method := range ops {
			if !documented[openapi.Route{Method: method, Path: path}] {
				t.Errorf("documented but not served by the app: %s %s", method, path)
			}
		}
	}
}

// TestSwaggerUI checks the UI handler: the page, its two assets and the
// document, all from embedded files, and nothing loaded from another host.
func TestSwaggerUI(t *testing.T) {
	srv := httptest.NewServer(openapi.SwaggerUI())
	defer srv.Close()
	get := func(name string) (int, string, string) {
		resp, err := http.Get(srv.URL + openapi.UIPath + name) //nolint:noctx // test server
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	code, ctype, page := get("")
	if code != 200 || !strings.HasPrefix(ctype, "text/html") {
		t.Fatalf("GET %s: %d %s", openapi.UIPath, code, ctype)
	}
	for _, asset := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if strings.Contains(asset[1], "//") {
			t.Errorf("page loads %s from another host", asset[1])
			continue
		}
		if code, _, body := get(strings.TrimPrefix(asset[1], "./")); code != 200 || len(body) == 0 {
			t.Errorf("asset %s: status %d, %d bytes", asset[1], code, len(body))
		}
	}
	if _, _, js := get("initializer.js"); !strings.Contains(js, `"./openapi.json"`) {
		t.Errorf("initializer.js does not load ./openapi.json:\n%s", js)
	}
	if code, ctype, body := get("openapi.json"); code != 200 || ctype != "application/json" || body != string(openapi.Document()) {
		t.Errorf("openapi.json: %d %s", code, ctype)
	}
	if code, _, _ := get("../app.go"); code != 404 {
		t.Errorf("unknown file: status %d, want 404", code)
	}
}
