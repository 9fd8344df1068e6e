// Search benchmark, part two: what a built site's search costs the reader.
//
//   node bench/search/measure.mjs OUT_DIR [PAGE] [--runs N]
//
// Sizes: the index script (`_folio/search/index.js`) against the plain text
// of every page (the text shards hold it, JSON-escaped), and the text shards.
// Times, in Debian's Chromium (headless, via tests/browser's playwright-core),
// over file://, from a fresh browser each run (nothing cached):
//   - first query: press `/` on PAGE (the box gets focus and starts loading
//     the index), type the query at once; from its first keystroke (the
//     `input` event) to the results drawn (search.js's `folio:searchresults`
//     event, snippets included);
//   - warm queries: more queries in the same page, each typed after clearing
//     the box, from the first keystroke to the results;
//   - keystroke by keystroke: one character more, to the results.
// Medians over the runs. Not a test: numbers depend on the machine and its load.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpus, loadavg } from 'node:os';
import vm from 'node:vm';
import { launch } from '../../tests/browser/lib/browser.mjs';

const args = process.argv.slice(2);
const out = args[0];
if (!out) {
  console.error('usage: node bench/search/measure.mjs OUT_DIR [PAGE] [--runs N]');
  process.exit(2);
}
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const pageArg = args[1] && !args[1].startsWith('--') ? args[1] : null;
const dir = join(out, '_folio/search');

// ---- Sizes ----------------------------------------------------------------
const files = readdirSync(dir);
const size = (f) => statSync(join(dir, f)).size;
const indexBytes = size('index.js');
const shards = files.filter((f) => /^text-\d+\.js$/.test(f));
const termShards = files.filter((f) => /^terms-\d+\.js$/.test(f));
const shardBytes = shards.reduce((n, f) => n + size(f), 0);
const termBytes = termShards.reduce((n, f) => n + size(f), 0);
let textBytes = 0;
let pages = 0;
for (const f of shards) {
  const ctx = vm.createContext({ window: {} });
  vm.runInContext(readFileSync(join(dir, f), 'utf8'), ctx);
  for (const shard of Object.values(ctx.window.FOLIO_SEARCH_TEXT)) {
    for (const entry of shard) {
      textBytes += Buffer.byteLength(entry[3]);
      pages += 1;
    }
  }
}
const ctx = vm.createContext({ window: {} });
vm.runInContext(readFileSync(join(dir, 'index.js'), 'utf8'), ctx);
const index = ctx.window.FOLIO_SEARCH_INDEX;
const part = (k) => Buffer.byteLength(JSON.stringify(index[k]));
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
const largest = (fs) => Math.max(...fs.map(size));
console.log(`pages                  ${pages}`);
console.log(`page text (UTF-8)      ${mb(textBytes)}`);
console.log(`index.js               ${mb(indexBytes)}  (format version ${index.version})`);
console.log(`  folders              ${mb(part('folders'))}`);
console.log(`  title lengths        ${mb(part('names'))}`);
console.log(`  shard starts, terms  ${mb(part('shards') + part('terms'))}`);
console.log(`term shards            ${mb(termBytes)} in ${termShards.length} files (${mb(termBytes / termShards.length)} each, largest ${mb(largest(termShards))})`);
console.log(`text shards            ${mb(shardBytes)} in ${shards.length} files (${mb(shardBytes / shards.length)} each, largest ${mb(largest(shards))})`);

// ---- Times in the browser -------------------------------------------------
const QUERIES = ['合作', '风险评估', 'P001', '供应链 P001', '数据看板', '险'];
const page0 = pageArg || findDeepPage(out);
const url = pathToFileURL(join(out, page0)).href;

function findDeepPage(root) {
  // The first page three folders down: its root prefix is ../../../.
  const walk = (d, depth) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('_') || e.name.startsWith('.')) continue;
      if (e.isDirectory()) {
        const found = walk(join(d, e.name), depth + 1);
        if (found) return found;
      } else if (depth >= 3 && e.name.endsWith('.html') && e.name !== 'index.html') {
        return join(d, e.name);
      }
    }
    return null;
  };
  return walk(root, 0).slice(root.length + 1);
}

/** In the page: time from the first `input` after `arm()` to the next results. */
const PROBE = () => {
  window.__bench = { t0: null, done: [], indexLoaded: null };
  // Resource load events do not bubble, but they can be captured.
  document.addEventListener('load', (e) => {
    const src = e.target && e.target.src;
    if (src && src.endsWith('/_folio/search/index.js')) window.__bench.indexLoaded = performance.now();
  }, true);
  document.addEventListener('input', () => {
    if (window.__bench.t0 === null) window.__bench.t0 = performance.now();
  }, true);
  document.addEventListener('folio:searchresults', (e) => {
    window.__bench.done.push({ query: e.detail.query, results: e.detail.results, t: performance.now() });
  });
};

async function timed(page, typeIt, query) {
  await page.evaluate(() => { window.__bench.t0 = null; window.__bench.done = []; });
  await typeIt();
  await page.waitForFunction((q) => window.__bench.done.some((d) => d.query === q), query, { timeout: 60_000 });
  return page.evaluate((q) => {
    const d = window.__bench.done.find((x) => x.query === q);
    return { ms: d.t - window.__bench.t0, results: d.results };
  }, query);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Bytes of the search files the page loaded (index.js and shards). */
const loadedBytes = (page) => page.evaluate(() => [...document.scripts].map((s) => s.src)
  .filter((u) => /\/_folio\/search\/(index|terms-\d+|text-\d+)\.js$/.test(u))
  .map((u) => u.split('/').pop()))
  .then((names) => names.reduce((n, f) => n + size(f), 0));

const first = [];
const firstBytes = [];
const focusToIndex = [];
const warm = {};
const perKey = [];
for (let run = 0; run < runs; run++) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.addInitScript(PROBE);
  await page.goto(url);
  await page.waitForLoadState('load');
  // First query: `/` focuses the box (the index starts loading), then type at once.
  const tFocus = await page.evaluate(() => performance.now());
  await page.keyboard.press('/');
  const r = await timed(page, () => page.keyboard.insertText(QUERIES[0]), QUERIES[0]);
  first.push(r.ms);
  firstBytes.push(await loadedBytes(page));
  focusToIndex.push(await page.evaluate((t) => window.__bench.indexLoaded - t, tFocus));
  // Warm: the index is loaded; text shards load as results need them.
  for (const q of QUERIES.slice(1)) {
    await page.fill('.search-input', '');
    const w = await timed(page, () => page.keyboard.insertText(q), q);
    (warm[q] ||= []).push(w.ms);
  }
  // Keystroke by keystroke: 数 数据 数据看 数据看板.
  await page.fill('.search-input', '');
  let typed = '';
  for (const ch of '数据看板') {
    typed += ch;
    const k = await timed(page, () => page.keyboard.insertText(ch), typed);
    perKey.push(k.ms);
  }
  await browser.close();
}

const fmt = (xs) => `${median(xs).toFixed(0)} ms (median of ${xs.length}; min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
console.log(`\nbrowser: Chromium headless, file://${join(out, page0)}`);
console.log(`first query "${QUERIES[0]}", keystroke -> results (index loaded lazily on focus): ${fmt(first)}`);
console.log(`  of which focus -> index.js loaded and run: ${fmt(focusToIndex)}`);
console.log(`  search files loaded for it: ${mb(median(firstBytes))} (index.js, term and text shards)`);
for (const [q, xs] of Object.entries(warm)) console.log(`warm query "${q}": ${fmt(xs)}`);
console.log(`warm, one keystroke more (数 数据 数据看 数据看板): ${fmt(perKey)}`);
console.log(`\nmachine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
