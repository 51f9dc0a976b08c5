// Starts Swagger UI on this server's own schema. A file, not an inline script: the
// Content-Security-Policy allows scripts from this server only.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // Keys typed into "Authorize" stay in this tab only (not saved in the browser).
  persistAuthorization: false,
});
