/* folio default theme: theme toggle, sidebar (folders expand in place from
 * the shared tree in `_folio/nav.js`), the drawer on small screens, the
 * table of contents that follows the reader, copy buttons on code blocks,
 * sortable tables, the diagram and image viewer, link targets for print.
 *
 * A plain script (no modules, no network requests) so that it runs from
 * file:// as well as from any web server path. Loaded at the end of <body>.
 */
(function () {
  "use strict";

  var doc = document.documentElement;
  var body = document.body;
  var THEME_KEY = "folio-theme";

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  /* ---- Theme -------------------------------------------------------------
   * The inline script in <head> has already set data-theme before first
   * paint. Whoever draws in colour (Mermaid) listens for `folio:themechange`.
   */

  function storedTheme() {
    try {
      var t = localStorage.getItem(THEME_KEY);
      return t === "light" || t === "dark" ? t : null;
    } catch (e) {
      return null;
    }
  }

  function setTheme(theme, remember) {
    if (remember) {
      try {
        localStorage.setItem(THEME_KEY, theme);
      } catch (e) { /* storage disabled: the choice lasts for this page */ }
    }
    if (doc.dataset.theme === theme) return;
    doc.dataset.theme = theme;
    window.dispatchEvent(new CustomEvent("folio:themechange", { detail: { theme: theme } }));
  }

  each(document.querySelectorAll(".theme-toggle"), function (button) {
    button.addEventListener("click", function () {
      setTheme(doc.dataset.theme === "dark" ? "light" : "dark", true);
    });
  });

  var systemDark = window.matchMedia && matchMedia("(prefers-color-scheme: dark)");
  if (systemDark && systemDark.addEventListener) {
    systemDark.addEventListener("change", function (e) {
      if (!storedTheme()) setTheme(e.matches ? "dark" : "light", false);
    });
  }
  // A choice made in another tab applies here too.
  window.addEventListener("storage", function (e) {
    if (e.key === THEME_KEY && (e.newValue === "light" || e.newValue === "dark")) {
      setTheme(e.newValue, false);
    }
  });

  // Paper is white: print in the light theme, then switch back.
  var themeBeforePrint = null;
  window.addEventListener("beforeprint", function () {
    if (doc.dataset.theme === "dark") {
      themeBeforePrint = "dark";
      setTheme("light", false);
    }
  });
  window.addEventListener("afterprint", function () {
    if (themeBeforePrint) setTheme(themeBeforePrint, false);
    themeBeforePrint = null;
  });

  /* ---- Sidebar -----------------------------------------------------------
   * The page's HTML holds its own branch only. Every folder gets a toggle;
   * a closed folder's entries come from window.FOLIO_NAV, whose URLs are
   * relative to the site root: prefix them with this page's root, taken
   * from the src of the nav.js script tag.
   */

  var sidebar = document.getElementById("sidebar");
  var toggleLabel = body.getAttribute("data-toggle-folder") || "";

  function navRoot() {
    var scripts = document.getElementsByTagName("script");
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute("src") || "";
      var at = src.lastIndexOf("_folio/nav.js");
      if (at >= 0 && at === src.length - "_folio/nav.js".length) return src.slice(0, at);
    }
    return null;
  }

  function absolute(url) {
    return new URL(url, location.href).href;
  }

  function indexTree(node, root, byUrl) {
    byUrl[absolute(root + node.url)] = node;
    each(node.children || [], function (child) {
      indexTree(child, root, byUrl);
    });
  }

  function buildItem(node, root) {
    var li = document.createElement("li");
    li.className = "nav-item" + (node.children ? " nav-folder" : "");
    // Headings and unwritten chapters of a navigation file link nowhere.
    var a = document.createElement(node.url ? "a" : "span");
    if (node.url) a.setAttribute("href", node.external ? node.url : root + node.url);
    a.textContent = node.title;
    if (node.hint) {
      // Two entries of one folder share this title: show the file name.
      var hint = document.createElement("small");
      hint.className = "nav-hint";
      hint.textContent = node.hint;
      a.appendChild(document.createTextNode(" "));
      a.appendChild(hint);
    }
    li.appendChild(a);
    return li;
  }

  function buildList(nodes, root) {
    var ul = document.createElement("ul");
    each(nodes, function (node) {
      var li = buildItem(node, root);
      ul.appendChild(li);
      if (node.children) addToggle(li, node, root);
    });
    return ul;
  }

  // A large folder's page lists a window of its entries; "… N more" (a
  // link to the folder's index page) stands for the rest. Clicking it puts
  // them in its place from the folder's node in nav.js.
  function fillMore(li, folder, root) {
    var from = +li.getAttribute("data-from"), count = +li.getAttribute("data-count");
    var nodes = folder && folder.children ? folder.children.slice(from, from + count) : [];
    if (nodes.length !== count) return;
    li.querySelector("a").addEventListener("click", function (e) {
      e.preventDefault();
      var list = li.parentNode, first = null;
      each(nodes, function (node) {
        var item = buildItem(node, root);
        list.insertBefore(item, li);
        if (node.children) addToggle(item, node, root);
        if (!first) first = item.querySelector("a");
      });
      list.removeChild(li);
      // Keyboard focus stays where the reader was: on the first entry shown.
      if (first) first.focus();
    });
  }

  function addToggle(li, node, root) {
    var link = li.querySelector(":scope > a");
    var hasList = !!li.querySelector(":scope > ul");
    if (!hasList && !(node && node.children && node.children.length)) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nav-toggle";
    button.setAttribute("aria-label", toggleLabel + " " + link.textContent);
    button.setAttribute("aria-expanded", li.classList.contains("open") ? "true" : "false");
    button.addEventListener("click", function () {
      var open = !li.classList.contains("open");
      if (open && !li.querySelector(":scope > ul")) {
        li.appendChild(buildList(node.children, root));
      }
      li.classList.toggle("open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    li.insertBefore(button, link);
  }

  if (sidebar) {
    var root = navRoot();
    var byUrl = {};
    if (window.FOLIO_NAV && root !== null) indexTree(window.FOLIO_NAV, root, byUrl);
    each(sidebar.querySelectorAll(".nav-folder"), function (li) {
      var link = li.querySelector(":scope > a");
      addToggle(li, link && byUrl[link.href], root || "");
    });
    each(sidebar.querySelectorAll(".nav-more"), function (li) {
      var owner = li.parentNode.parentNode;
      var link = owner && owner.classList.contains("nav-folder") && owner.querySelector(":scope > a");
      fillMore(li, link ? byUrl[link.href] : window.FOLIO_NAV, root || "");
    });
    // Bring the current page into view inside the sidebar.
    var current = sidebar.querySelector(".current > a");
    if (current) {
      var r = current.getBoundingClientRect();
      var s = sidebar.getBoundingClientRect();
      if (r.bottom > s.bottom || r.top < s.top) {
        sidebar.scrollTop += r.top - s.top - s.height / 3;
      }
    }
  }

  /* ---- Drawer (small screens) -------------------------------------------- */

  var menuButton = document.querySelector(".menu-button");
  var backdrop = document.querySelector(".sidebar-backdrop");

  function setDrawer(open) {
    body.classList.toggle("nav-open", open);
    if (menuButton) menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && sidebar) {
      var target = sidebar.querySelector(".current > a") || sidebar.querySelector("a");
      if (target) target.focus({ preventScroll: true });
    }
  }

  if (menuButton && sidebar) {
    menuButton.addEventListener("click", function () {
      setDrawer(!body.classList.contains("nav-open"));
    });
    if (backdrop) backdrop.addEventListener("click", function () { setDrawer(false); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && body.classList.contains("nav-open")) {
        setDrawer(false);
        menuButton.focus();
      }
    });
    sidebar.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a")) setDrawer(false);
    });
  }

  /* ---- Table of contents: open where it has a column, follow the reader -- */

  var toc = document.getElementById("toc");
  if (toc) {
    var wide = window.matchMedia && matchMedia("(min-width: 90em)");
    if (wide && wide.addEventListener) {
      wide.addEventListener("change", function (e) { toc.open = e.matches; });
    }
    var entries = [];
    each(toc.querySelectorAll("a[href^='#']"), function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) entries.push({ link: a, heading: heading });
      a.addEventListener("click", function () {
        if (wide && !wide.matches) toc.open = false;
      });
    });
    var active = null;
    var line = function () {
      return parseFloat(getComputedStyle(doc).scrollPaddingTop) + 8 || 80;
    };
    var update = function () {
      if (!entries.length) return;
      var y = line();
      var next = entries[0];
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].heading.getBoundingClientRect().top <= y) next = entries[i];
        else break;
      }
      if (window.innerHeight + window.scrollY >= doc.scrollHeight - 2) {
        next = entries[entries.length - 1];
      }
      if (next === active) return;
      if (active) active.link.classList.remove("active");
      next.link.classList.add("active");
      active = next;
      // Keep the highlighted entry visible in a long table of contents.
      var list = toc.getBoundingClientRect();
      var item = next.link.getBoundingClientRect();
      if (toc.scrollHeight > toc.clientHeight && (item.top < list.top || item.bottom > list.bottom)) {
        toc.scrollTop += item.top - list.top - list.height / 2;
      }
    };
    if ("IntersectionObserver" in window && entries.length) {
      var observer = new IntersectionObserver(update, { rootMargin: "-80px 0px -55% 0px" });
      each(entries, function (e) { observer.observe(e.heading); });
      window.addEventListener("scroll", function () {
        // At the very bottom no heading crosses a line any more.
        if (window.innerHeight + window.scrollY >= doc.scrollHeight - 2) update();
      }, { passive: true });
    }
    update();
  }

  /* ---- Copy buttons on code blocks ----------------------------------------- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  var copyLabel = body.getAttribute("data-copy") || "Copy";
  var copiedLabel = body.getAttribute("data-copied") || "Copied";
  each(document.querySelectorAll(".content pre.code"), function (pre) {
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = copyLabel;
    button.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      copyText(code.textContent).then(function () {
        button.textContent = copiedLabel;
        button.classList.add("copied");
        setTimeout(function () {
          button.textContent = copyLabel;
          button.classList.remove("copied");
        }, 1600);
      }, function () { /* nothing copied: the text stays selectable */ });
    });
    wrap.appendChild(button);
  });

  /* ---- Scrolling regions: reachable by keyboard -------------------------
   * A code block or formula wider than the column scrolls sideways; one that
   * does is made focusable so that the arrow keys scroll it. Table wraps are
   * focusable in the HTML already.
   */

  function markScrollers() {
    each(document.querySelectorAll(".content pre, .content math[display='block']"), function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    });
  }
  markScrollers();
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollers, 150);
  });
  window.addEventListener("folio:diagramsdrawn", markScrollers);

  /* ---- Tables: sort by a column, keep the header of long ones in view -----
   * Each header cell's content becomes a button; a click sorts by that
   * column, ascending then descending, and the header cell says so in
   * aria-sort. A column whose every filled cell is a date sorts as dates,
   * one whose every filled cell starts with a number sorts as numbers (units
   * 万, 亿, %; a range such as 74-99万 by its first number), any other as
   * text in pinyin order. Empty cells ("", "-", "—") stay at the end.
   */

  var EMPTY = /^(?:|-|–|—|\/|N\/?A|无|待定|待确定)$/i;
  var DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?/;
  // A month and day alone (11-04, 11月4日), the whole cell: not a range such as 3-8年.
  var MONTH_DAY = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?$/;
  var NUMBER = /^([-+]?\d[\d,]*(?:\.\d+)?)(?:\s*[-~–—至到]\s*[-+]?\d[\d,]*(?:\.\d+)?)?\s*(亿|万|千|百|[kK]|M|%)?/;
  var UNITS = { "亿": 1e8, "万": 1e4, "千": 1e3, "百": 100, k: 1e3, K: 1e3, M: 1e6, "%": 1 };
  var collator = (function () {
    try { return new Intl.Collator(["zh-u-co-pinyin", "zh"], { numeric: true, sensitivity: "base" }); }
    catch (e) { return new Intl.Collator(undefined, { numeric: true }); }
  })();

  function cellText(cell) {
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function dateValue(text) {
    var m = DATE.exec(text);
    if (m) return Date.UTC(+m[1], +m[2] - 1, m[3] ? +m[3] : 1);
    m = MONTH_DAY.exec(text);
    if (m && +m[1] >= 1 && +m[1] <= 12 && +m[2] >= 1 && +m[2] <= 31) return Date.UTC(2000, +m[1] - 1, +m[2]);
    return null;
  }

  function numberValue(text) {
    var m = NUMBER.exec(text.replace(/^[¥￥$€£]\s*/, ""));
    if (!m) return null;
    return parseFloat(m[1].replace(/,/g, "")) * (m[2] ? UNITS[m[2]] : 1);
  }

  // How a column sorts: "date", "number" or "text".
  function columnKind(rows, col) {
    var dates = true, numbers = true, filled = 0;
    each(rows, function (row) {
      var text = cellText(row.cells[col]);
      if (EMPTY.test(text)) return;
      filled++;
      if (dates && dateValue(text) === null) dates = false;
      if (numbers && numberValue(text) === null) numbers = false;
    });
    if (!filled) return "text";
    return dates ? "date" : numbers ? "number" : "text";
  }

  function sortTable(table, th, col) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = th.getAttribute("aria-sort") === "ascending";
    var kind = columnKind(rows, col);
    var keyed = rows.map(function (row, i) {
      var text = cellText(row.cells[col]);
      var key = EMPTY.test(text) ? null
        : kind === "date" ? dateValue(text) : kind === "number" ? numberValue(text) : text;
      return { row: row, key: key, text: text, i: i };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        return a.key === b.key ? a.i - b.i : a.key === null ? 1 : -1;
      }
      // Equal keys (2025-09 上旬, 2025-09 下旬) go by their text, so that
      // descending is ascending reversed.
      var c = (kind === "text" ? 0 : a.key - b.key) || collator.compare(a.text, b.text);
      return (descending ? -c : c) || a.i - b.i;
    });
    each(keyed, function (k) { body.appendChild(k.row); });
    each(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  var sortLabel = body.getAttribute("data-sort") || "";
  var LONG_TABLE_ROWS = 12;
  each(document.querySelectorAll(".content table"), function (table) {
    var head = table.tHead && table.tHead.rows.length === 1 ? table.tHead.rows[0] : null;
    var tbody = table.tBodies.length === 1 ? table.tBodies[0] : null;
    if (!head || !tbody) return;
    var wrap = table.parentNode;
    // Long tables scroll inside their box, under a header that stays.
    if (tbody.rows.length > LONG_TABLE_ROWS && wrap.classList.contains("table-wrap")) {
      wrap.classList.add("table-long");
    }
    if (tbody.rows.length < 2) return;
    each(head.cells, function (th, col) {
      // A link in a header cell would end up inside the button.
      if (th.querySelector("a, button, input")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      if (sortLabel) button.title = sortLabel;
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, th, col); });
    });
  });

  /* ---- Viewer: diagrams and images, full screen, zoom and pan ------------
   * A button on every diagram and on every image that is not a link opens
   * a modal <dialog>. Keys: + and - zoom, 0 fits, the arrows pan, Esc
   * closes; the mouse drags to pan, the wheel scrolls, Ctrl+wheel zooms.
   * Diagrams open fitted to the screen (never below a readable size),
   * images at their full size.
   */

  var words = {
    open: body.getAttribute("data-zoom") || "Zoom",
    zoomIn: body.getAttribute("data-zoom-in") || "+",
    zoomOut: body.getAttribute("data-zoom-out") || "-",
    fit: body.getAttribute("data-zoom-fit") || "Fit",
    close: body.getAttribute("data-zoom-close") || "Close",
  };
  var viewer = null;

  function button(className, label, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.setAttribute("aria-label", label);
    b.title = label;
    if (text) b.textContent = text;
    return b;
  }

  function buildViewer() {
    var dialog = document.createElement("dialog");
    dialog.className = "viewer";
    var bar = document.createElement("div");
    bar.className = "viewer-bar";
    var title = document.createElement("h2");
    title.className = "viewer-title";
    title.id = "folio-viewer-title";
    dialog.setAttribute("aria-labelledby", title.id);
    var out = button("viewer-button", words.zoomOut, "−");
    var scale = document.createElement("output");
    scale.className = "viewer-scale";
    var into = button("viewer-button", words.zoomIn, "+");
    var fit = button("viewer-button", words.fit, "⤢");
    var close = button("viewer-button viewer-close", words.close, "×");
    bar.append(title, out, scale, into, fit, close);
    var stage = document.createElement("div");
    stage.className = "viewer-stage";
    stage.tabIndex = 0;
    var canvas = document.createElement("div");
    canvas.className = "viewer-canvas";
    stage.appendChild(canvas);
    dialog.append(bar, stage);
    body.appendChild(dialog);

    var v = { dialog: dialog, title: title, stage: stage, canvas: canvas, scaleOut: scale,
      x: 0, y: 0, s: 1, w: 1, h: 1, opener: null };
    v.apply = function () {
      canvas.style.transform = "translate(" + v.x + "px," + v.y + "px) scale(" + v.s + ")";
      scale.textContent = Math.round(v.s * 100) + "%";
      dialog.setAttribute("data-scale", String(v.s));
    };
    v.fitScale = function () {
      return Math.min(stage.clientWidth / v.w, stage.clientHeight / v.h);
    };
    v.place = function (s) {
      v.s = s;
      v.x = (stage.clientWidth - v.w * s) / 2;
      v.y = Math.max(0, (stage.clientHeight - v.h * s) / 2);
      v.apply();
    };
    // Zoom by `factor` keeping the point (cx, cy) of the stage where it is.
    v.zoom = function (factor, cx, cy) {
      var s = Math.min(8, Math.max(0.1, v.s * factor));
      if (cx === undefined) { cx = stage.clientWidth / 2; cy = stage.clientHeight / 2; }
      v.x = cx - (cx - v.x) * (s / v.s);
      v.y = cy - (cy - v.y) * (s / v.s);
      v.s = s;
      v.apply();
    };
    v.pan = function (dx, dy) { v.x += dx; v.y += dy; v.apply(); };

    out.addEventListener("click", function () { v.zoom(1 / 1.25); });
    into.addEventListener("click", function () { v.zoom(1.25); });
    fit.addEventListener("click", function () { v.place(v.fitScale()); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      canvas.textContent = "";
      body.classList.remove("viewer-open");
      if (v.opener) v.opener.focus();
    });
    dialog.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var step = 60;
      var keys = {
        "+": function () { v.zoom(1.25); }, "=": function () { v.zoom(1.25); },
        "-": function () { v.zoom(1 / 1.25); }, "_": function () { v.zoom(1 / 1.25); },
        "0": function () { v.place(v.fitScale()); },
        ArrowLeft: function () { v.pan(step, 0); }, ArrowRight: function () { v.pan(-step, 0); },
        ArrowUp: function () { v.pan(0, step); }, ArrowDown: function () { v.pan(0, -step); },
      };
      var act = keys[e.key];
      // Arrows on a toolbar button stay the button's.
      if (!act || (/^Arrow/.test(e.key) && e.target !== stage)) return;
      e.preventDefault();
      act();
    });
    var drag = null;
    stage.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY };
      stage.setPointerCapture(e.pointerId);
      stage.classList.add("dragging");
    });
    stage.addEventListener("pointermove", function (e) {
      if (!drag) return;
      v.pan(e.clientX - drag.x, e.clientY - drag.y);
      drag = { x: e.clientX, y: e.clientY };
    });
    var endDrag = function () { drag = null; stage.classList.remove("dragging"); };
    stage.addEventListener("pointerup", endDrag);
    stage.addEventListener("pointercancel", endDrag);
    stage.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = stage.getBoundingClientRect();
      if (e.ctrlKey || e.metaKey) v.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
      else v.pan(-e.deltaX, -e.deltaY);
    }, { passive: false });
    return v;
  }

  // A copy of a drawn diagram: ids made its own, so that its styles (which
  // Mermaid scopes by the SVG's id) apply to it and no id is doubled.
  function copyOfDiagram(svg) {
    var copy = svg.cloneNode(true);
    var id = svg.id;
    if (id) {
      copy.id = id + "-viewer";
      each(copy.querySelectorAll("style"), function (style) {
        style.textContent = style.textContent.split("#" + id).join("#" + copy.id);
      });
    }
    each(copy.querySelectorAll("[id]"), function (el) { if (el !== copy) el.removeAttribute("id"); });
    return copy;
  }

  function openViewer(target, opener, label) {
    viewer = viewer || buildViewer();
    var v = viewer;
    var item, diagram = target.tagName.toLowerCase() === "svg";
    if (diagram) {
      var box = target.viewBox && target.viewBox.baseVal;
      v.w = box && box.width ? box.width : target.getBoundingClientRect().width;
      v.h = box && box.height ? box.height : target.getBoundingClientRect().height;
      item = copyOfDiagram(target);
      item.removeAttribute("style");
    } else {
      v.w = target.naturalWidth || target.width;
      v.h = target.naturalHeight || target.height;
      item = document.createElement("img");
      item.src = target.currentSrc || target.src;
      item.alt = target.alt;
    }
    item.setAttribute("width", String(v.w));
    item.setAttribute("height", String(v.h));
    v.canvas.textContent = "";
    v.canvas.appendChild(item);
    v.canvas.style.width = v.w + "px";
    v.canvas.style.height = v.h + "px";
    v.title.textContent = label;
    v.opener = opener;
    v.dialog.setAttribute("data-kind", diagram ? "diagram" : "image");
    body.classList.add("viewer-open");
    v.dialog.showModal();
    var fitted = v.fitScale();
    v.place(diagram ? Math.min(1.5, Math.max(fitted, 0.75)) : 1);
    if (!diagram && fitted >= 1) v.place(1);
    v.stage.focus();
  }

  function addZoom(holder, find, label) {
    var b = button("zoom-button", words.open + (label ? "：" + label : ""));
    holder.appendChild(b);
    b.addEventListener("click", function () {
      var target = find();
      if (target) openViewer(target, b, label || words.open);
    });
    return b;
  }

  each(document.querySelectorAll(".content pre.mermaid"), function (pre, i) {
    var wrap = document.createElement("div");
    wrap.className = "zoomable zoomable-diagram";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var heading = null;
    for (var el = wrap.previousElementSibling; el && !heading; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) heading = el;
    }
    var label = heading ? heading.textContent.replace(/[#¶]\s*$/, "").trim() : "";
    addZoom(wrap, function () { return pre.querySelector("svg"); }, label || String(i + 1));
  });

  each(document.querySelectorAll(".content img"), function (img) {
    if (img.closest("a, .zoomable") || img.classList.contains("broken-link")) return;
    var wrap = document.createElement("span");
    wrap.className = "zoomable zoomable-image";
    img.parentNode.insertBefore(wrap, img);
    wrap.appendChild(img);
    var b = addZoom(wrap, function () { return img; }, img.alt);
    img.addEventListener("click", function () { b.click(); });
  });

  /* ---- Print: where links lead, decoded, unless the text already says it -- */

  each(document.querySelectorAll(".content a[href]"), function (a) {
    var href = a.getAttribute("href");
    if (href.charAt(0) === "#" || /^(mailto|tel|javascript):/i.test(href)) return;
    if (a.classList.contains("heading-anchor") || a.closest(".cards, .footnote-reference")) return;
    var shown = href;
    try { shown = decodeURI(href); } catch (e) { /* keep it encoded */ }
    var text = a.textContent.trim();
    if (text === shown || text === href || "mailto:" + text === href) return;
    a.setAttribute("data-print-href", shown);
  });
})();
