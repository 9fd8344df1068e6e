/* folio search: the search box in the header.
 *
 * A plain script (no modules, no network requests of its own): the index
 * and the page texts are scripts folio wrote under `_folio/search/`, added
 * to the page with <script> tags when needed, so search works offline, from
 * file:// and under any server path.
 *
 * - `index.js` (window.FOLIO_SEARCH_INDEX) is loaded on the first focus of
 *   the box: the folders, each page's title length, and where the shards
 *   start (see src/search/mod.rs);
 * - `terms-<k>.js` (window.FOLIO_SEARCH_TERMS[k]) are runs of the inverted
 *   index (src/search/terms.rs, index.rs), loaded for the terms a query needs;
 * - `text-<k>.js` (window.FOLIO_SEARCH_TEXT[k]) are loaded only for the pages
 *   in the results: their titles, URLs and texts give the result, its
 *   snippet, and the heading above the match the result links to.
 *
 * Queries are cut exactly as folio cut the pages (src/search/tokenize.rs)
 * and ranked as src/search/query.rs describes. The core below needs no DOM
 * and is exposed as window.FolioSearch (the tests run it under node).
 *
 * Keys: `/` focuses the box, arrow keys move through the results, Enter
 * opens one, Escape closes.
 */
(function (global) {
  "use strict";

  /* ---- Tokenizer: the same as src/search/tokenize.rs -------------------- */

  var MAX_WORD = 32;
  var LETTER_OR_DIGIT = /[\p{Alphabetic}\p{N}]/u;

  function isCjk(c) {
    return (c >= 0x1100 && c <= 0x11ff) ||
      (c >= 0x3005 && c <= 0x3007) ||
      (c >= 0x3040 && c <= 0x30ff) ||
      (c >= 0x3130 && c <= 0x318f) ||
      (c >= 0x31f0 && c <= 0x31ff) ||
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x3134f);
  }

  /** One character (code point), normalised: full-width ASCII to ASCII,
   *  lower case where that is one character. */
  function normalizeChar(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xff01 && c <= 0xff5e) ch = String.fromCharCode(c - 0xfee0);
    var lower = ch.toLowerCase();
    return Array.from(lower).length === 1 ? lower : ch;
  }

  /** "c" (CJK), "w" (letters and digits) or "" (separator). */
  function classOf(ch) {
    if (isCjk(ch.codePointAt(0))) return "c";
    return LETTER_OR_DIGIT.test(ch) ? "w" : "";
  }

  /** Runs of CJK or word characters of normalised `text`: [{cls, chars}]. */
  function runs(text) {
    var out = [];
    var cur = null;
    for (var ch of text) {
      var n = normalizeChar(ch);
      var cls = classOf(n);
      if (cur && cur.cls === cls) {
        cur.chars.push(n);
        continue;
      }
      if (cur) out.push(cur);
      cur = cls ? { cls: cls, chars: [n] } : null;
    }
    if (cur) out.push(cur);
    return out;
  }

  /**
   * The tokens of a query, each of which must match:
   *   {kind: "pair", text}  a CJK pair, matched as a term;
   *   {kind: "word", text}  a word, matched by every term it starts;
   *   {kind: "char", text}  a lone CJK character, likewise.
   * And the phrases to look for in the text (words and whole CJK runs).
   */
  function parseQuery(query) {
    var tokens = [];
    var phrases = [];
    var seen = {};
    function add(kind, text) {
      var key = kind + ":" + text;
      if (seen[key]) return;
      seen[key] = true;
      tokens.push({ kind: kind, text: text });
    }
    runs(query).forEach(function (run) {
      if (run.cls === "w") {
        var word = run.chars.slice(0, MAX_WORD).join("");
        add("word", word);
        phrases.push({ text: word, word: true });
      } else if (run.chars.length === 1) {
        add("char", run.chars[0]);
        phrases.push({ text: run.chars[0], word: false });
      } else {
        for (var i = 0; i + 1 < run.chars.length; i++) add("pair", run.chars[i] + run.chars[i + 1]);
        phrases.push({ text: run.chars.join(""), word: false });
      }
    });
    return { tokens: tokens, phrases: phrases, nameLen: nameLen(query) };
  }

  /** Letters, digits and CJK characters of `text`, counted (at most 255):
   *  src/search/tokenize.rs's name_len. */
  function nameLen(text) {
    var n = 0;
    for (var ch of text) if (classOf(normalizeChar(ch))) n++;
    return Math.min(n, 255);
  }

  /* ---- The index: the same reading as src/search/query.rs --------------- */

  var TITLE = 1;
  var HEADING = 2;
  var TITLE_WEIGHT = 6;
  var HEADING_WEIGHT = 3;
  var TF_STEP = 0.5;
  var PREFIX_MATCH = 0.6;
  // Tiers (query.rs's Tier): where the query is decides before the score.
  var TIER_TEXT = 0, TIER_HEADING = 1, TIER_TITLE = 2, TIER_NAMED = 3;

  function fromBase64(s) {
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /** Read an unsigned LEB128 varint at r.pos of r.bytes, advancing. */
  function varint(r) {
    var v = 0, shift = 0, b;
    do {
      b = r.bytes[r.pos++];
      v |= (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80);
    return v >>> 0;
  }

  /** The sorted terms from their front-coded string ("0合作 1同 0p001 32"). */
  function unfrontCode(str) {
    if (!str) return [];
    var parts = str.split(" ");
    var prev = "";
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      prev = prev.slice(0, part.charCodeAt(0) - 48) + part.slice(1);
      parts[i] = prev;
    }
    return parts;
  }

  /** Where each term's record starts (and, last, where the records end). */
  function recordOffsets(bytes, terms, pages) {
    var offsets = new Uint32Array(terms + 1);
    var r = { bytes: bytes, pos: 0 };
    var bitmap = (pages + 7) >> 3;
    function skip(n) {
      var pos = r.pos;
      for (var k = 0; k < n; k++) {
        while (bytes[pos] >= 0x80) pos++;
        pos++;
      }
      r.pos = pos;
    }
    for (var i = 0; i < terms; i++) {
      offsets[i] = r.pos;
      var header = varint(r);
      if (header & 1) r.pos += bitmap;
      else skip(header >>> 2);
      if (header & 2) skip(varint(r));
    }
    offsets[terms] = r.pos;
    return offsets;
  }

  function Index(data) {
    this.n = data.pages;
    this.folders = data.folders;
    this.shards = data.shards;
    this.names = fromBase64(data.names);
    // The first term of each term shard, and the shards taken so far.
    this.firsts = data.terms;
    this.parts = [];
  }

  /** Take term shard `k` (what terms-<k>.js holds). */
  Index.prototype.addTerms = function (k, data) {
    var terms = unfrontCode(data.terms);
    var records = fromBase64(data.records);
    this.parts[k] = {
      terms: terms,
      records: records,
      offsets: recordOffsets(records, terms.length, this.n),
      cache: new Map(),
    };
  };

  /** Take every term shard in `all` (k -> data), and empty it. */
  Index.prototype.take = function (all) {
    for (var k in all) {
      this.addTerms(Number(k), all[k]);
      delete all[k];
    }
  };

  /** The term shards that may hold the terms `token` matches: the one of
   *  the last first term not after it, and (prefixes) the next ones whose
   *  first term it starts. */
  Index.prototype.shardsFor = function (token) {
    var firsts = this.firsts;
    var lo = 0, hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= token.text) lo = mid + 1;
      else hi = mid;
    }
    var out = [];
    if (lo > 0) out.push(lo - 1);
    if (token.kind !== "pair") {
      while (lo < firsts.length && firsts[lo].startsWith(token.text)) out.push(lo++);
    }
    return out;
  };

  /** The term shards a parsed query needs that are not taken yet. */
  Index.prototype.needed = function (parsed) {
    var self = this, out = [];
    parsed.tokens.forEach(function (token) {
      self.shardsFor(token).forEach(function (k) {
        if (!self.parts[k] && out.indexOf(k) < 0) out.push(k);
      });
    });
    return out;
  };

  /** Position of `term` in `terms`, or of the first term after it. */
  function lowerBound(terms, term) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [start, end) of the terms of `part` a query token matches. */
  function matching(part, token) {
    var terms = part.terms;
    var start = lowerBound(terms, token.text);
    var end = start;
    if (token.kind === "pair") {
      if (terms[start] === token.text) end++;
    } else {
      while (end < terms.length && terms[end].startsWith(token.text)) end++;
    }
    return [start, end];
  }

  /** Term `i` of `part`: {pages, tf, fieldPages, fields} (typed arrays). */
  Index.prototype.termPages = function (part, i) {
    var hit = part.cache.get(i);
    if (hit) return hit;
    var r = { bytes: part.records, pos: part.offsets[i] };
    function gaps(n, pages, extra) {
      var page = 0;
      for (var k = 0; k < n; k++) {
        var v = varint(r);
        page += v >>> 2;
        pages[k] = page;
        extra[k] = v & 3;
      }
    }
    var header = varint(r);
    var df = header >>> 2;
    var pages = new Uint32Array(df);
    var tf = new Uint8Array(df);
    if (header & 1) {
      var bits = r.bytes, at = r.pos, k = 0;
      for (var p = 0; p < this.n; p++) {
        if (bits[at + (p >> 3)] & (1 << (p & 7))) pages[k++] = p;
      }
      r.pos += (this.n + 7) >> 3;
    } else {
      gaps(df, pages, tf);
    }
    var nf = header & 2 ? varint(r) : 0;
    var fieldPages = new Uint32Array(nf);
    var fields = new Uint8Array(nf);
    gaps(nf, fieldPages, fields);
    hit = { pages: pages, tf: tf, fieldPages: fieldPages, fields: fields };
    part.cache.set(i, hit);
    return hit;
  };

  /** Each page's best score for `token` over the terms of `part` it
   *  matches, into `best`; the fields they are in, into `fieldsOf`. */
  Index.prototype.scoreToken = function (part, token, best, fieldsOf) {
    var n = this.n;
    var range = matching(part, token);
    for (var i = range[0]; i < range[1]; i++) {
      var tp = this.termPages(part, i);
      var idf = Math.log(1 + n / Math.max(tp.pages.length, 1));
      var weight = token.kind === "word" && part.terms[i] !== token.text ? idf * PREFIX_MATCH : idf;
      var f = 0;
      for (var k = 0; k < tp.pages.length; k++) {
        var page = tp.pages[k];
        var s = 1 + TF_STEP * tp.tf[k];
        if (f < tp.fieldPages.length && tp.fieldPages[f] === page) {
          fieldsOf[page] |= tp.fields[f];
          if (tp.fields[f] & TITLE) s += TITLE_WEIGHT;
          if (tp.fields[f] & HEADING) s += HEADING_WEIGHT;
          f++;
        }
        s = weight * s;
        if (s > best[page]) best[page] = s;
      }
    }
  };

  /** Pages matching every token of a parsed query, best first:
   *  [{page, tier, score}]. The term shards it needs must be taken. */
  Index.prototype.search = function (parsed) {
    var tokens = parsed.tokens;
    var n = this.n;
    if (!tokens.length) return [];
    var total = new Float64Array(n);
    var matched = new Uint16Array(n);
    var best = new Float64Array(n);
    var fieldsOf = new Uint8Array(n);
    // Tokens found in the title, and in the title or a heading.
    var inTitle = new Uint16Array(n);
    var inField = new Uint16Array(n);
    for (var t = 0; t < tokens.length; t++) {
      var token = tokens[t];
      best.fill(0);
      fieldsOf.fill(0);
      var ks = this.shardsFor(token);
      for (var j = 0; j < ks.length; j++) {
        var part = this.parts[ks[j]];
        if (part) this.scoreToken(part, token, best, fieldsOf);
      }
      for (var p = 0; p < n; p++) {
        if (best[p] > 0) {
          total[p] += best[p];
          matched[p]++;
          if (fieldsOf[p] & TITLE) inTitle[p]++;
          if (fieldsOf[p]) inField[p]++;
        }
      }
    }
    var all = tokens.length;
    var hits = [];
    for (var q = 0; q < n; q++) {
      if (matched[q] !== all) continue;
      var tier = inTitle[q] === all ? (this.names[q] === parsed.nameLen ? TIER_NAMED : TIER_TITLE)
        : inField[q] === all ? TIER_HEADING : TIER_TEXT;
      hits.push({ page: q, tier: tier, score: total[q] });
    }
    hits.sort(function (a, b) { return b.tier - a.tier || b.score - a.score || a.page - b.page; });
    return hits;
  };

  /** Root-relative URL of a page (its entry in a text shard:
   *  [title, folder, name, text, headings]), percent-encoded as folio wrote it. */
  Index.prototype.url = function (page) {
    return this.folders[page[1]][0] + page[2];
  };

  /** Folder titles from the top down to the page (the home page left out;
   *  a folder's index page leaves out its own folder). */
  Index.prototype.trail = function (page) {
    var f = page[1];
    if (page[2] === "index.html") f = this.folders[f][2];
    var out = [];
    while (f > 0) {
      out.unshift(this.folders[f][1]);
      f = this.folders[f][2];
    }
    return out;
  };

  /** Which text shard holds page `p`. */
  Index.prototype.shardOf = function (p) {
    var lo = 0, hi = this.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (this.shards[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  /* ---- Matching in the text: verification, snippets, highlights --------- */

  /** Normalised text with the same length (UTF-16) as `text`. */
  function fold(text) {
    var out = text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
    var lower = out.toLowerCase();
    if (lower.length === out.length) return lower;
    var parts = [];
    for (var ch of out) {
      var l = ch.toLowerCase();
      parts.push(l.length === ch.length ? l : ch);
    }
    return parts.join("");
  }

  function isWordChar(ch) {
    return !!ch && classOf(ch) === "w";
  }

  /** Where the phrases are in folded text: [{at, end, phrase}] by position.
   *  A word must start a word of the text; a CJK phrase may be anywhere. */
  function occurrences(folded, phrases, limit) {
    var out = [];
    phrases.forEach(function (ph, index) {
      var from = 0;
      var count = 0;
      while (count < limit) {
        var at = folded.indexOf(ph.text, from);
        if (at < 0) break;
        from = at + 1;
        if (ph.word && at > 0) {
          var before = folded.charCodeAt(at - 1);
          var prev = before >= 0xdc00 && before <= 0xdfff && at > 1 ? folded.slice(at - 2, at) : folded[at - 1];
          if (isWordChar(prev)) continue;
        }
        out.push({ at: at, end: at + ph.text.length, phrase: index });
        count++;
      }
    });
    out.sort(function (a, b) { return a.at - b.at || b.end - a.end; });
    return out;
  }

  /** Every phrase that is not a lone word or character must be found
   *  whole in the title or text (the index only knows its pairs). */
  function verified(phrases, foldedTitle, foldedText) {
    return phrases.every(function (ph) {
      if (ph.word || ph.text.length <= 2) return true;
      return foldedTitle.indexOf(ph.text) >= 0 || foldedText.indexOf(ph.text) >= 0;
    });
  }

  var SNIPPET = 110;
  var LEAD = 24;

  /**
   * The part of `text` to show: the window holding the most different
   * phrases (the earliest such), as {start, end, marks: [[from, to]], at}
   * where `at` is the first match in it (-1: no match in the text).
   */
  function snippet(text, phrases, title) {
    var folded = fold(text);
    // A first line that repeats the title is shown already.
    var skip = title && text.slice(0, title.length + 1) === title + "\n" ? title.length + 1 : 0;
    var occ = occurrences(folded, phrases, 200).filter(function (o) { return o.at >= skip; });
    var bestAt = -1, bestCount = 0;
    for (var i = 0; i < occ.length; i++) {
      var distinct = {};
      var count = 0;
      for (var j = i; j < occ.length && occ[j].end <= occ[i].at + SNIPPET - LEAD; j++) {
        if (!distinct[occ[j].phrase]) {
          distinct[occ[j].phrase] = true;
          count++;
        }
      }
      if (count > bestCount) {
        bestCount = count;
        bestAt = occ[i].at;
      }
    }
    var start = bestAt < 0 ? skip : Math.max(skip, bestAt - LEAD);
    var cut = text.lastIndexOf("\n", bestAt);
    if (bestAt >= 0 && cut >= start) start = cut + 1;
    if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start--;
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length && /[\udc00-\udfff]/.test(text[end])) end++;
    var marks = [];
    var last = start;
    occ.forEach(function (o) {
      if (o.at >= last && o.end <= end) {
        marks.push([o.at, o.end]);
        last = o.end;
      }
    });
    return { start: start, end: end, marks: marks, at: bestAt };
  }

  /** Marks for a title (a single line). */
  function titleMarks(title, phrases) {
    var marks = [];
    var last = 0;
    occurrences(fold(title), phrases, 20).forEach(function (o) {
      if (o.at >= last) {
        marks.push([o.at, o.end]);
        last = o.end;
      }
    });
    return marks;
  }

  /** The heading above offset `at`: [offset, fragment] or null. */
  function headingAbove(headings, at) {
    var found = null;
    for (var i = 0; i < headings.length && headings[i][0] <= at; i++) found = headings[i];
    return found;
  }

  var core = {
    parseQuery: parseQuery,
    Index: Index,
    fold: fold,
    snippet: snippet,
    titleMarks: titleMarks,
    verified: verified,
    headingAbove: headingAbove,
  };
  global.FolioSearch = core;

  if (typeof document === "undefined") return;

  /* ---- The search box ---------------------------------------------------- */

  var box = document.querySelector(".search");
  var input = box && box.querySelector(".search-input");
  if (!input) return;
  var root = box.getAttribute("data-root") || "";
  var base = root + "_folio/search/";
  var PAGE = 10;
  var MAX_CHECKED = 200;

  var panel = document.createElement("div");
  panel.className = "search-panel";
  panel.hidden = true;
  var status = document.createElement("p");
  status.className = "search-status";
  status.setAttribute("role", "status");
  var list = document.createElement("ul");
  list.className = "search-results";
  list.id = "search-results";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.getAttribute("aria-label") || "");
  var more = document.createElement("button");
  more.type = "button";
  more.className = "search-more";
  more.textContent = box.getAttribute("data-more") || "More";
  more.hidden = true;
  panel.appendChild(status);
  panel.appendChild(list);
  panel.appendChild(more);
  box.appendChild(panel);
  input.setAttribute("aria-controls", list.id);
  // On phones the box covers the header: this closes it.
  var close = document.createElement("button");
  close.type = "button";
  close.className = "icon-button search-close";
  close.setAttribute("aria-label", box.getAttribute("data-close") || "");
  close.title = close.getAttribute("aria-label");
  close.innerHTML = '<span class="icon icon-close" aria-hidden="true"></span>';
  input.parentNode.appendChild(close);

  function text(name) {
    return box.getAttribute("data-" + name) || "";
  }

  /** Add a script; resolves when it has run (or failed to load). */
  function loadScript(src) {
    return new Promise(function (resolve) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { resolve(true); };
      s.onerror = function () { resolve(false); };
      document.head.appendChild(s);
    });
  }

  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = (global.FOLIO_SEARCH_INDEX ? Promise.resolve(true) : loadScript(base + "index.js"))
        .then(function () {
          var data = global.FOLIO_SEARCH_INDEX;
          if (!data) return null;
          global.FOLIO_SEARCH_INDEX = null;
          return new Index(data);
        });
    }
    return indexPromise;
  }

  var termPromises = {};
  /** Load the term shards `ks` into `index`. */
  function loadTerms(index, ks) {
    return Promise.all(ks.map(function (k) {
      if (!termPromises[k]) {
        termPromises[k] = loadScript(base + "terms-" + k + ".js").then(function () {
          index.take(global.FOLIO_SEARCH_TERMS || {});
        });
      }
      return termPromises[k];
    }));
  }

  var shardPromises = {};
  function loadShard(k) {
    if (!shardPromises[k]) {
      shardPromises[k] = loadScript(base + "text-" + k + ".js").then(function () {
        var all = global.FOLIO_SEARCH_TEXT || {};
        return all[k] || null;
      });
    }
    return shardPromises[k];
  }

  /** Page `p`'s [title, folder, name, text, headings], or null. */
  function pageText(index, p) {
    var k = index.shardOf(p);
    return loadShard(k).then(function (shard) {
      return shard ? shard[p - index.shards[k]] || null : null;
    });
  }

  var seq = 0;
  var current = { query: null, hits: [], shown: [], checked: 0, parsed: null };
  var active = -1;
  var indexReady = false;

  function setOpen(open) {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function closeAll() {
    setOpen(false);
    box.classList.remove("search-open");
    setActive(-1);
  }

  function setActive(i) {
    var items = list.children;
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  /** Text with [from, to) ranges marked, as DOM nodes in `parent`. */
  function appendMarked(parent, str, marks, offset) {
    var pos = 0;
    marks.forEach(function (m) {
      var from = m[0] - offset, to = m[1] - offset;
      if (from > pos) parent.appendChild(document.createTextNode(str.slice(pos, from)));
      var mark = document.createElement("mark");
      mark.textContent = str.slice(from, to);
      parent.appendChild(mark);
      pos = to;
    });
    if (pos < str.length) parent.appendChild(document.createTextNode(str.slice(pos)));
  }

  function renderItem(index, hit, n, phrases) {
    var page = hit.text;
    var li = document.createElement("li");
    li.id = "search-result-" + n;
    li.className = "search-result";
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    var a = document.createElement("a");
    var href = root + index.url(page);
    var title = document.createElement("span");
    title.className = "search-result-title";
    var pageTitle = page[0];
    appendMarked(title, pageTitle, titleMarks(pageTitle, phrases), 0);
    var body = page[3];
    var sn = snippet(body, phrases, pageTitle);
    var heading = sn.at >= 0 ? headingAbove(page[4], sn.at) : null;
    if (heading) {
      href += "#" + heading[1];
      var lineEnd = body.indexOf("\n", heading[0]);
      var line = body.slice(heading[0], lineEnd < 0 ? body.length : lineEnd);
      var section = document.createElement("span");
      section.className = "search-result-section";
      section.textContent = line;
      title.appendChild(section);
    }
    a.appendChild(title);
    appendTrail(a, index, page);
    if (sn.end > sn.start) {
      var snip = document.createElement("span");
      snip.className = "search-result-snippet";
      var shown = body.slice(sn.start, sn.end);
      if (sn.start > 0) snip.appendChild(document.createTextNode("…"));
      appendMarked(snip, shown.replace(/\n/g, " "), sn.marks, sn.start);
      if (sn.end < body.length) snip.appendChild(document.createTextNode("…"));
      a.appendChild(snip);
    }
    a.href = href;
    li.appendChild(a);
    return li;
  }

  function appendTrail(a, index, page) {
    var trail = index.trail(page);
    if (!trail.length) return;
    var span = document.createElement("span");
    span.className = "search-result-trail";
    span.textContent = trail.join(" › ");
    a.appendChild(span);
  }

  function render(index, state) {
    list.textContent = "";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    state.shown.forEach(function (hit, n) {
      list.appendChild(renderItem(index, hit, n, state.parsed.phrases));
    });
    var exhausted = state.checked >= state.hits.length || state.checked >= MAX_CHECKED && state.needsCheck;
    if (!state.shown.length) {
      status.textContent = text("no-results");
    } else {
      var count = state.needsCheck && !exhausted ? state.shown.length + "+" : String(state.hits.length);
      status.textContent = count + " " + text(count === "1" ? "result" : "results");
    }
    more.hidden = exhausted;
    setOpen(true);
    box.setAttribute("data-query", state.query);
    box.dispatchEvent(new CustomEvent("folio:searchresults", {
      bubbles: true,
      detail: { query: state.query, results: state.shown.length },
    }));
  }

  /** Take more results into `state.shown` (loading their texts), up to `want`. */
  function fill(index, state, want, mySeq) {
    if (state.shown.length >= want || state.checked >= state.hits.length ||
        (state.needsCheck && state.checked >= MAX_CHECKED)) {
      return Promise.resolve();
    }
    var batch = state.hits.slice(state.checked, state.checked + (want - state.shown.length));
    state.checked += batch.length;
    return Promise.all(batch.map(function (hit) { return pageText(index, hit.page); }))
      .then(function (texts) {
        if (mySeq !== seq) return null;
        batch.forEach(function (hit, i) {
          var t = texts[i];
          // A page whose text shard did not load cannot be shown.
          if (!t) return;
          if (state.needsCheck && !verified(state.parsed.phrases, fold(t[0]), fold(t[3]))) return;
          state.shown.push({ page: hit.page, score: hit.score, text: t });
        });
        return fill(index, state, want, mySeq);
      });
  }

  function run() {
    var query = input.value;
    var mySeq = ++seq;
    var parsed = parseQuery(query);
    if (!parsed.tokens.length) {
      current = { query: query, hits: [], shown: [], checked: 0, parsed: parsed };
      setOpen(false);
      setActive(-1);
      box.setAttribute("data-query", query);
      return;
    }
    if (!indexReady) {
      status.textContent = text("loading");
      list.textContent = "";
      more.hidden = true;
      setOpen(true);
    }
    loadIndex().then(function (index) {
      return index && loadTerms(index, index.needed(parsed)).then(function () { return index; });
    }).then(function (index) {
      if (mySeq !== seq) return;
      if (!index) {
        status.textContent = text("error");
        setOpen(true);
        return;
      }
      var state = {
        query: query,
        parsed: parsed,
        hits: index.search(parsed),
        shown: [],
        checked: 0,
        needsCheck: parsed.phrases.some(function (ph) { return !ph.word && ph.text.length > 2; }),
      };
      current = state;
      fill(index, state, PAGE, mySeq).then(function () {
        if (mySeq === seq) render(index, state);
      });
    });
  }

  function warm() {
    loadIndex().then(function (index) { indexReady = !!index; });
  }

  more.addEventListener("click", function () {
    var mySeq = seq;
    var state = current;
    loadIndex().then(function (index) {
      fill(index, state, state.shown.length + PAGE, mySeq).then(function () {
        if (mySeq === seq) {
          var n = list.children.length;
          render(index, state);
          input.focus();
          setActive(Math.min(n, list.children.length - 1));
        }
      });
    });
  });

  input.addEventListener("focus", function () {
    warm();
    // Back in the box: show the results of what it still holds.
    if (current.query === input.value && current.parsed && current.parsed.tokens.length) setOpen(true);
  });
  box.addEventListener("pointerenter", warm);
  input.addEventListener("input", function (e) {
    if (e.isComposing) return;
    run();
  });
  input.addEventListener("compositionend", run);

  input.addEventListener("keydown", function (e) {
    if (e.isComposing || e.keyCode === 229) return;
    var count = list.children.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (panel.hidden || !count) return;
      e.preventDefault();
      var step = e.key === "ArrowDown" ? 1 : -1;
      var next = active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count;
      setActive(next);
    } else if (e.key === "Enter") {
      if (panel.hidden || !count) return;
      e.preventDefault();
      var item = list.children[active >= 0 ? active : 0];
      var link = item && item.querySelector("a");
      if (link) location.href = link.href;
    } else if (e.key === "Escape") {
      e.preventDefault();
      closeAll();
      input.blur();
    }
  });

  list.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) closeAll();
  });

  // Pointer over a result makes it the active one, so the keys go on from there.
  list.addEventListener("mousemove", function (e) {
    var li = e.target.closest && e.target.closest(".search-result");
    if (!li) return;
    var i = Array.prototype.indexOf.call(list.children, li);
    if (i !== active) setActive(i);
  });

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    e.preventDefault();
    box.classList.add("search-open");
    input.focus();
    input.select();
  });

  document.addEventListener("pointerdown", function (e) {
    if (!box.contains(e.target)) closeAll();
  });

  close.addEventListener("click", closeAll);

  var toggle = box.querySelector(".search-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      if (box.classList.contains("search-open")) {
        closeAll();
      } else {
        box.classList.add("search-open");
        input.focus();
      }
    });
  }
})(typeof window !== "undefined" ? window : globalThis);
