/* folio default theme: theme toggle, sidebar (folders expand in place from
 * the shared tree in `_folio/nav.js`), the drawer on small screens, the
 * table of contents that follows the reader, copy buttons on code blocks,
 * link targets for print.
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
    var wide = window.matchMedia && matchMedia("(min-width: 75em)");
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
