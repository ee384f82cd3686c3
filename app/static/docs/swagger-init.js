// Starts Swagger UI on the element that names the OpenAPI document (data-openapi-url).
// Kept in a file so the page's Content-Security-Policy needs no inline script.
(function () {
  var element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: element.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: false,  // its links sit inside each operation's button, which screen readers cannot reach
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
