// Swagger UI for the OpenAPI document nexusd serves next to this page
// (./openapi.json, the same document as /nexus/openapi.json). Every asset is
// embedded in nexusd: nothing is loaded from another host.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "./openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    displayOperationId: true,
    queryConfigEnabled: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
