// Served as a file because the Content-Security-Policy allows no inline script.
htmx.config.includeIndicatorStyles = false;
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  }
});
