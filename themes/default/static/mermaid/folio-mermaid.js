/* folio-mermaid.js: renders every <pre class="mermaid"> with the bundled Mermaid.
 *
 * - Each diagram is rendered on its own: a bad one shows an error box (message
 *   and source) in its place, the others still render.
 * - The source is read once, before anything is rendered, and kept here, so
 *   diagrams can be drawn again when the page theme changes.
 * - Theme: <html data-theme="light|dark">, or the system's colour scheme when
 *   the attribute is absent. Re-renders on `folio:themechange`, on a change of
 *   that attribute, and on a system change while no theme is chosen.
 * - Dark mode: `darkThemeVariables` of a diagram's %%{init}%% directive replace
 *   its `themeVariables`; a diagram without them uses Mermaid's `dark` theme.
 * - A diagram is drawn to fit its column, never cropped; a wide one is read
 *   in the viewer of folio.js (its button is next to the diagram). After
 *   every pass, `folio:diagramsdrawn` is dispatched on window.
 * - The percentages on pie slices get a halo of the opposite lightness, so
 *   that they read on any slice colour a palette gives (axe cannot see them).
 * - Hooks for CSS and tests, on each pre.mermaid: data-folio-mermaid
 *   ("rendered" | "error") and data-folio-mermaid-theme ("light" | "dark");
 *   on <html>, data-folio-mermaid-done once every diagram has been drawn
 *   the first time (`folio pdf` waits for it before printing).
 *
 * Plain script, no modules, no network. Needs window.mermaid (mermaid.min.js).
 */
(function () {
  'use strict';

  var mermaid = window.mermaid;
  var systemDark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)');
  var diagrams = [];      // { el, source }
  var pass = 0;           // bumped by every render pass; stale passes stop
  var renderedTheme = null;

  function pageTheme() {
    var chosen = document.documentElement.getAttribute('data-theme');
    if (chosen === 'light' || chosen === 'dark') return chosen;
    return systemDark && systemDark.matches ? 'dark' : 'light';
  }

  // ---- %%{init: ...}%% directives -------------------------------------------

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  // Reads the JavaScript object literal of a directive, as writers type it:
  // single or double quotes, bare keys, trailing commas, over several lines.
  function readLiteral(text, start) {
    var i = start;
    function fail() { throw new SyntaxError('unreadable %%{init}%% directive'); }
    function space() { while (i < text.length && /\s/.test(text[i])) i++; }
    function string() {
      var quote = text[i++], out = '';
      while (i < text.length && text[i] !== quote) {
        var c = text[i++];
        if (c === '\\') {
          c = text[i++];
          if (c === 'n') c = '\n';
          else if (c === 't') c = '\t';
          else if (c === 'u') { c = String.fromCharCode(parseInt(text.substr(i, 4), 16)); i += 4; }
        }
        out += c;
      }
      if (i >= text.length) fail();
      i++;
      return out;
    }
    function key() {
      if (text[i] === '"' || text[i] === "'") return string();
      var m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 200));
      if (!m) fail();
      i += m[0].length;
      return m[0];
    }
    function list(close, item) {
      i++;
      for (;;) {
        space();
        if (text[i] === close) { i++; return; }
        item();
        space();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail();
      }
    }
    function value() {
      space();
      var c = text[i];
      if (c === '{') {
        var obj = {};
        list('}', function () {
          var k = key();
          space();
          if (text[i++] !== ':') fail();
          var v = value();
          if (k !== '__proto__') obj[k] = v;
        });
        return obj;
      }
      if (c === '[') {
        var arr = [];
        list(']', function () { arr.push(value()); });
        return arr;
      }
      if (c === '"' || c === "'") return string();
      var m = /^(?:true|false|null|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(text.slice(i, i + 40));
      if (!m) fail();
      i += m[0].length;
      return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
    }
    var result = value();
    return { value: result, end: i };
  }

  // Every init directive of a source: [{ start, end, config }]. Throws if one
  // cannot be read; the source then goes to Mermaid as written.
  function initDirectives(source) {
    var open = /%%\{\s*(?:init|initialize)\s*:/g;
    var found = [], m;
    while ((m = open.exec(source))) {
      var lit = readLiteral(source, open.lastIndex);
      var close = /^\s*\}%%/.exec(source.slice(lit.end));
      if (!close || !isObject(lit.value)) throw new SyntaxError('unclosed %%{init}%% directive');
      open.lastIndex = lit.end + close[0].length;
      found.push({ start: m.index, end: open.lastIndex, config: lit.value });
    }
    return found;
  }

  function merge(into, from) {
    Object.keys(from).forEach(function (k) {
      if (isObject(into[k]) && isObject(from[k])) merge(into[k], from[k]);
      else into[k] = from[k];
    });
    return into;
  }

  // The directive's settings for one page theme. A directive without
  // `darkThemeVariables` is left as written in light mode.
  function themed(config, theme) {
    var dark = theme === 'dark';
    var twoPalettes = isObject(config.darkThemeVariables);
    if (dark && twoPalettes) {
      config.themeVariables = config.darkThemeVariables;
    } else if (dark) {
      config.theme = 'dark';
      delete config.themeVariables;
    }
    delete config.darkThemeVariables;
    // `darkMode` makes Mermaid derive the colours a palette leaves out for a
    // dark background: that depends on the page, which folio knows.
    if (dark || twoPalettes) {
      config.darkMode = dark;
      if (isObject(config.themeVariables)) config.themeVariables.darkMode = dark;
    }
    return config;
  }

  // The source with its init directives folded into one, themed; in JSON that
  // Mermaid's own directive reader accepts (it turns every ' into ").
  function themedSource(source, theme) {
    var found;
    try { found = initDirectives(source); } catch (e) { return source; }
    if (found.length === 0) return source;
    var config = {};
    found.forEach(function (d) { merge(config, d.config); });
    var json = JSON.stringify(themed(config, theme)).replace(/['%<>]/g, function (c) {
      return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
    });
    var out = source.slice(0, found[0].start) + '%%{init: ' + json + '}%%';
    for (var k = 0; k < found.length; k++) {
      out += source.slice(found[k].end, k + 1 < found.length ? found[k + 1].start : source.length);
    }
    return out;
  }

  // ---- rendering --------------------------------------------------------------

  function mark(el, state, theme) {
    el.setAttribute('data-folio-mermaid', state);
    el.setAttribute('data-folio-mermaid-theme', theme);
  }

  function words() {
    var en = !/^zh/i.test(document.documentElement.lang || 'zh');
    return en
      ? { title: 'This diagram could not be drawn', source: 'Diagram source' }
      : { title: '图表无法绘制', source: '图表源码' };
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function showError(d, err) {
    var w = words();
    var box = element('div', 'folio-mermaid-error');
    box.appendChild(element('strong', 'folio-mermaid-error__title', w.title));
    box.appendChild(element('div', 'folio-mermaid-error__message', String((err && err.message) || err)));
    var details = element('details');
    details.appendChild(element('summary', '', w.source));
    details.appendChild(element('code', 'folio-mermaid-error__source', d.source));
    box.appendChild(details);
    d.el.textContent = '';
    d.el.appendChild(box);
  }

  // A slice's percentage stands on the slice's colour, which the writer's
  // palette picks for the slices, not for the text: outline each in black
  // or white, whichever is further from the text's own colour.
  function haloSliceText(el) {
    var texts = el.querySelectorAll('text.slice');
    for (var i = 0; i < texts.length; i++) {
      var m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(texts[i]).fill) || [];
      var c = (m[1] || '0,0,0').split(',').map(Number);
      var light = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] > 140;
      texts[i].style.stroke = light ? '#000000' : '#ffffff';
      texts[i].style.strokeWidth = '3px';
      texts[i].style.strokeLinejoin = 'round';
      texts[i].style.paintOrder = 'stroke';
    }
  }

  async function renderAll() {
    var mine = ++pass;
    var theme = pageTheme();
    renderedTheme = theme;
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      suppressErrorRendering: true,
      theme: theme === 'dark' ? 'dark' : 'default',
      // Mermaid outlines pie slices in black, which vanishes on a dark page.
      themeVariables: theme === 'dark' ? { pieStrokeColor: '#cccccc', pieOuterStrokeColor: '#cccccc' } : {},
      fontFamily: getComputedStyle(document.body).fontFamily
    });
    for (var k = 0; k < diagrams.length; k++) {
      var d = diagrams[k];
      try {
        var out = await mermaid.render('folio-mermaid-' + mine + '-' + k, themedSource(d.source, theme));
        if (mine !== pass) return;
        d.el.innerHTML = out.svg;
        haloSliceText(d.el);
        if (out.bindFunctions) out.bindFunctions(d.el);
        mark(d.el, 'rendered', theme);
      } catch (err) {
        if (mine !== pass) return;
        showError(d, err);
        mark(d.el, 'error', theme);
      }
    }
    window.dispatchEvent(new CustomEvent('folio:diagramsdrawn'));
  }

  function followTheme() {
    if (pageTheme() !== renderedTheme) renderAll();
  }

  var STYLE =
    'pre.mermaid[data-folio-mermaid]{white-space:normal}' +
    'pre.mermaid[data-folio-mermaid]>svg{display:block;margin:0 auto}' +
    // Printing switches to light, but drawing again takes a moment: until then
    // a dark drawing prints inverted, dark on white.
    '@media print{pre.mermaid[data-folio-mermaid-theme=dark]>svg{filter:invert(1) hue-rotate(180deg)}}' +
    '.folio-mermaid-error{text-align:left;border:1px solid #d1242f;border-left-width:4px;' +
    'border-radius:4px;padding:.6em .8em;background:rgba(209,36,47,.08);color:inherit}' +
    '.folio-mermaid-error__title{display:block;color:#d1242f;margin-bottom:.3em}' +
    '.folio-mermaid-error__message,.folio-mermaid-error__source{display:block;white-space:pre-wrap;' +
    'font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-x:auto}' +
    '.folio-mermaid-error details{margin-top:.5em}.folio-mermaid-error summary{cursor:pointer}';

  function done() {
    document.documentElement.setAttribute('data-folio-mermaid-done', '');
  }

  function start() {
    var els = document.querySelectorAll('pre.mermaid');
    for (var k = 0; k < els.length; k++) diagrams.push({ el: els[k], source: els[k].textContent });
    if (!mermaid || diagrams.length === 0) return done();  // no Mermaid: the source stays readable
    var style = element('style', '', STYLE);
    document.head.appendChild(style);
    window.addEventListener('folio:themechange', followTheme);
    new MutationObserver(followTheme).observe(document.documentElement, {
      attributes: true, attributeFilter: ['data-theme']
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener('change', followTheme);
    else if (systemDark && systemDark.addListener) systemDark.addListener(followTheme);
    renderAll().then(done, done);
  }

  if (mermaid) mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
