// Swagger UI on the app's own OpenAPI document (no inline script: the CSP forbids it).
"use strict";
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
