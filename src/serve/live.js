// Injected by `folio serve` into every HTML page it serves (never written to disk).
// `s` is the build state when the page was served: {version, errors}; `site`
// is false on the stand-in page served while no build has succeeded yet.
var overlay = null;
function show(errors) {
  if (!overlay) {
    overlay = document.createElement('div');
    overlay.id = 'folio-error-overlay';
    overlay.setAttribute('role', 'alert');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;' +
      'background:rgba(20,20,20,.92);color:#f5f5f5;padding:24px;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace';
    document.body.appendChild(overlay);
  }
  overlay.innerHTML = '';
  var h = document.createElement('h2');
  var internal = errors.some(function (e) { return e.internal; });
  h.textContent = internal ? 'folio: internal error (this is a bug in folio)'
    : 'folio: the last build failed (' + errors.length + ')';
  h.style.cssText = 'color:#ff8a80;font:600 18px sans-serif;margin:0 0 12px';
  overlay.appendChild(h);
  errors.forEach(function (e) {
    var pre = document.createElement('pre');
    pre.textContent = e.text;
    pre.style.cssText = 'white-space:pre-wrap;margin:0 0 16px';
    overlay.appendChild(pre);
  });
  var note = document.createElement('p');
  note.textContent = site
    ? 'The previous good build is still served. Fix the file and save: this page reloads.'
    : 'No build has succeeded yet. Fix the file and save: this page then loads the site.';
  overlay.appendChild(note);
}
if (s.errors.length) { show(s.errors); }
var source = new EventSource('/__folio/events');
source.addEventListener('state', function (ev) {
  var now = JSON.parse(ev.data);
  if (now.version === s.version) { return; }
  if (now.errors.length) { show(now.errors); } else { location.reload(); }
});
source.addEventListener('reload', function () { location.reload(); });
source.addEventListener('errors', function (ev) { show(JSON.parse(ev.data).errors); });
