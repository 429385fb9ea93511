// Starts the API explorer (Swagger UI, served from this site) on /api/docs: a file, not an
// inline script, which the content security policy would refuse.
const root = document.getElementById("api-explorer");
window.SwaggerUIBundle({
  url: root.dataset.spec,
  domNode: root,
  deepLinking: true,
  tryItOutEnabled: false,
});
