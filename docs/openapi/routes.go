package openapi

import (
	"regexp"

	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// GRPCOnlyServices are the query services the app registers whose protos
// have REST annotations but whose routes nexusd's gateway does not serve
// (the SDK registers them for gRPC clients only), so the document leaves
// them out. Every other annotated query service the app registers is in the
// document; docs/openapi and tests/system check both.
var GRPCOnlyServices = []string{
	"cosmos.base.reflection.v1beta1.ReflectionService",
}

// Route is one REST route of a gRPC method: a lower-case HTTP method and the
// path template as the document writes it.
type Route struct {
	Method string
	Path   string
}

// templateVar matches a path variable with a pattern, {denom=**}, which the
// document writes as {denom}.
var templateVar = regexp.MustCompile(`\{([a-z_.]+)=[^}]*\}`)

// MethodRoutes returns the REST routes of a method's google.api.http rule:
// the main binding and the additional ones.
func MethodRoutes(m protoreflect.MethodDescriptor) []Route {
	opts, ok := m.Options().(*descriptorpb.MethodOptions)
	if !ok || opts == nil {
		return nil
	}
	// Re-read the options with the annotations registered, whichever
	// resolver parsed them first (gogoproto's registry leaves them unknown).
	b, err := proto.Marshal(opts)
	if err != nil {
		return nil
	}
	parsed := &descriptorpb.MethodOptions{}
	if err := (proto.UnmarshalOptions{Resolver: protoregistry.GlobalTypes}).Unmarshal(b, parsed); err != nil {
		return nil
	}
	rule, ok := proto.GetExtension(parsed, annotations.E_Http).(*annotations.HttpRule)
	if !ok || rule == nil {
		return nil
	}
	var out []Route
	for _, r := range append([]*annotations.HttpRule{rule}, rule.GetAdditionalBindings()...) {
		var method, path string
		switch p := r.GetPattern().(type) {
		case *annotations.HttpRule_Get:
			method, path = "get", p.Get
		case *annotations.HttpRule_Post:
			method, path = "post", p.Post
		case *annotations.HttpRule_Put:
			method, path = "put", p.Put
		case *annotations.HttpRule_Delete:
			method, path = "delete", p.Delete
		case *annotations.HttpRule_Patch:
			method, path = "patch", p.Patch
		default:
			continue
		}
		out = append(out, Route{Method: method, Path: templateVar.ReplaceAllString(path, "{$1}")})
	}
	return out
}
