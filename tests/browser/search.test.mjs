// Full-text search. Two parts:
//
// - search.js's core under node (no browser): the query tokenizer, and the
//   ranking run on the index folio writes for a small fixture site of Chinese,
//   English and mixed pages (the same expectations as src/search/tests.rs);
// - the search box in Debian's Chromium, on the demo site run.sh built, served
//   from 127.0.0.1 under a sub-path and opened from file://: typing queries,
//   the keys, lazy loading, a phone screen, and `search.enabled = false`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';
import { sites } from './lib/sites.mjs';
import { watch } from './lib/page.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const folio = process.env.FOLIO_BIN || join(repo, 'target/release/folio');
const searchJs = readFileSync(join(repo, 'themes/default/static/search/search.js'), 'utf8');
const demo = sites.find((s) => s.name === 'demo').root;

/** A value from the vm context as plain data of this one (for deepEqual). */
const plain = (x) => JSON.parse(JSON.stringify(x));

/** Runs search.js and the given scripts in a fresh context without a DOM. */
function core(...scripts) {
  const context = vm.createContext({ window: {}, atob });
  vm.runInContext(searchJs, context);
  for (const s of scripts) vm.runInContext(s, context);
  return context.window;
}

/** Lays out a site (path -> text) and builds it; returns the output folder. */
function buildSite(tmp, name, files) {
  const src = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(src, rel)), { recursive: true });
    writeFileSync(join(src, rel), text);
  }
  const out = join(tmp, `${name}-out`);
  execFileSync(folio, ['build', '-q', src, '-o', out]);
  return out;
}

const RANKING = {
  'README.md': '# 首页\n\n欢迎。\n',
  '合作伙伴管理规范.md': '# 合作伙伴管理规范\n\n## 准入流程\n\n合作伙伴准入需要评估资质。\n',
  '战略报告.md': '# 战略报告\n\n## 风险评估与缓解策略\n\n市场风险、技术风险。\n',
  '客户总览.md': '# 客户总览\n\n与多家合作伙伴共同服务客户，并购买保险。\n',
  'finance/正文提到.md': '# 其他\n\n预算 预算 预算 预算 预算 预算 预算 预算\n',
  'finance/小节提到.md': '# 其二\n\n## 年度预算\n\n正文。\n',
  'finance/预算管理.md': '# 预算管理\n\n正文。\n',
  'english/install.md': '# Install\n\n## Requirements\n\nInstall folio with cargo.\n',
  'english/diagrams.md': '# Diagrams\n\n## Mermaid\n\nMermaid diagrams are drawn in the browser.\n',
  'english/atlas.md': '# Atlas\n\nA map of the site.\n',
  'english/other.md': '# Other\n\nmapping links to pages\n',
  'projects/P001-东义项目.md': '# P001-东义项目\n\n## 项目概况\n\nP001 东义项目：储能电站，Mermaid 甘特图。\n',
  'projects/P002-西城项目.md': '# P002-西城项目\n\n## 项目概况\n\nP002 西城项目。\n',
  'projects/东义概况.md': '# 东义概况\n\n东义集团简介，见 P001。\n',
  'projects/项目总览.md': '# 项目总览\n\nP001、P002 两个项目。\n',
};

// `风险` by score alone: the long chapter says it most often, and 险峻 (rare)
// outweighs a common title word for `险`.
const TITLES_FIRST = {
  'README.md': '# 首页\n\n山路险峻 险峻 险峻 险峻 险峻 险峻 险峻 险峻。\n',
  '风险评估与缓解策略.md': `# 风险评估与缓解策略\n\n${'市场风险、技术风险。'.repeat(6)}\n`,
  '风险.md': '# 🛡️ 风险\n\n见各章。\n',
  '周报.md': `# 周报\n\n## 本周风险\n\n${'风险 '.repeat(10)}\n`,
  '纪要.md': `# 会议纪要\n\n${'风险 '.repeat(12)}\n`,
};

let tmp;
let titlesFirst;
let ranking; // { window, index, titles(query) }
let englishOff;
let english;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'folio-search-'));
  const out = buildSite(tmp, 'ranking', RANKING);
  const dir = join(out, '_folio/search');
  const shards = readdirSync(dir).filter((f) => /^(terms|text)-\d+\.js$/.test(f));
  const window = core(...['index.js', ...shards].map((f) => readFileSync(join(dir, f), 'utf8')));
  const S = window.FolioSearch;
  const index = new S.Index(window.FOLIO_SEARCH_INDEX);
  index.take(window.FOLIO_SEARCH_TERMS);
  // A page's entry in its text shard: [title, folder, name, text, headings].
  const entry = (p) => window.FOLIO_SEARCH_TEXT[index.shardOf(p)][p - index.shards[index.shardOf(p)]];
  ranking = {
    S,
    index,
    entry,
    titles: (q) => plain(index.search(S.parseQuery(q)).map((h) => entry(h.page)[0])),
  };
  titlesFirst = buildSite(tmp, 'titles-first', TITLES_FIRST);
  englishOff = buildSite(tmp, 'english-off', {
    'folio.toml': 'language = "en"\n[search]\nenabled = false\n',
    'content/README.md': '# Home\n\nText.\n',
  });
  english = buildSite(tmp, 'english', {
    'folio.toml': 'language = "en"\n',
    'content/README.md': '# Home\n\nText about maps.\n',
    'content/guide/README.md': '# Guide\n\nRead the map.\n',
  });
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('search.js core (node)', () => {
  test('queries are cut as folio cuts pages: pairs, words, lone characters', () => {
    const { S } = ranking;
    const tokens = (q) => plain(S.parseQuery(q).tokens.map((t) => `${t.kind}:${t.text}`));
    assert.deepEqual(tokens('合作'), ['pair:合作']);
    assert.deepEqual(tokens('风险评估'), ['pair:风险', 'pair:险评', 'pair:评估']);
    assert.deepEqual(tokens('险'), ['char:险']);
    assert.deepEqual(tokens('Mermaid'), ['word:mermaid']);
    assert.deepEqual(tokens('P001东义'), ['word:p001', 'pair:东义']);
    assert.deepEqual(tokens('Ｐ００１'), ['word:p001']);
    assert.deepEqual(tokens('  合作 , API 合作 '), ['pair:合作', 'word:api']);
    assert.deepEqual(tokens('a'.repeat(40)), [`word:${'a'.repeat(32)}`]);
    assert.deepEqual(tokens('，。!?'), []);
  });

  test('Chinese: a pair finds the longer words it is part of, title first', () => {
    const { titles } = ranking;
    assert.deepEqual(titles('合作'), ['合作伙伴管理规范', '客户总览']);
    assert.deepEqual(titles('风险'), ['战略报告']);
    assert.deepEqual(titles('缓解策略'), ['战略报告']);
    assert.deepEqual(titles('合伙'), []);
    assert.deepEqual(titles('险'), ['战略报告', '客户总览'], '险 ends 保险 in 客户总览');
  });

  test('title ranks above headings above text', () => {
    assert.deepEqual(ranking.titles('预算'), ['预算管理', '其二', '其他']);
  });

  test('English: case-blind prefixes, whole words first, AND', () => {
    const { titles } = ranking;
    assert.deepEqual(titles('mermaid'), ['Diagrams', 'P001-东义项目']);
    assert.deepEqual(titles('MERM'), ['Diagrams', 'P001-东义项目']);
    assert.deepEqual(titles('map'), ['Atlas', 'Other'], '"map" is a word in Atlas, starts "mapping" in Other');
    assert.deepEqual(titles('diagrams browser'), ['Diagrams']);
    assert.deepEqual(titles('diagrams cargo'), []);
  });

  test('mixed Chinese and Latin queries need every part', () => {
    const { titles } = ranking;
    assert.deepEqual(titles('P001'), ['P001-东义项目', '东义概况', '项目总览']);
    assert.deepEqual(titles('p001 东义'), ['P001-东义项目', '东义概况']);
    assert.deepEqual(titles('P001东义'), ['P001-东义项目', '东义概况']);
    assert.deepEqual(titles('东义 mermaid'), ['P001-东义项目']);
    assert.deepEqual(titles('Ｐ００２'), ['P002-西城项目', '项目总览']);
    assert.deepEqual(titles('P003'), []);
  });

  test('snippets mark the match and link to the heading above it', () => {
    const { S, index, entry } = ranking;
    const q = S.parseQuery('缓解');
    const [hit] = index.search(q);
    const [title, , , text, headings] = entry(hit.page);
    const sn = S.snippet(text, q.phrases, title);
    assert.deepEqual(plain(sn.marks.map(([a, b]) => text.slice(a, b))), ['缓解']);
    const heading = S.headingAbove(headings, sn.at);
    assert.equal(decodeURIComponent(heading[1]), '风险评估与缓解策略');
    assert.equal(index.url(entry(hit.page)), '%E6%88%98%E7%95%A5%E6%8A%A5%E5%91%8A.html');
  });

  test('term shards: a query loads the shards its words fall in, a prefix all it spans', () => {
    // 24 pages of 1,000 words each of their own: about 260 KB of terms, three shards.
    const files = { 'README.md': '# 首页\n\n正文。\n' };
    for (let p = 0; p < 24; p++) {
      const words = Array.from({ length: 1000 }, (_, i) => `w${String(p).padStart(2, '0')}x${String(i).padStart(3, '0')}`);
      files[`p${p}.md`] = `# 第${p}页\n\n${words.join(' ')}\n`;
    }
    const dir = join(buildSite(tmp, 'many-terms', files), '_folio/search');
    const termFiles = readdirSync(dir).filter((f) => /^terms-\d+\.js$/.test(f));
    assert.ok(termFiles.length >= 3, `${termFiles.length} term shards`);
    const window = core(...['index.js', ...termFiles].map((f) => readFileSync(join(dir, f), 'utf8')));
    const S = window.FolioSearch;
    const index = new S.Index(window.FOLIO_SEARCH_INDEX);
    const parsed = (q) => S.parseQuery(q);
    assert.deepEqual(plain(index.needed(parsed('w00x000'))), [0], 'the first word: the first shard');
    assert.deepEqual(plain(index.needed(parsed('w23x999'))), [termFiles.length - 1], 'the last word: the last shard');
    assert.deepEqual(plain(index.needed(parsed('w'))), termFiles.map((_, k) => k), '"w" starts every word');
    index.take(window.FOLIO_SEARCH_TERMS);
    const pages = (q) => index.search(parsed(q)).length;
    assert.equal(pages('w00x000'), 1);
    assert.equal(pages('w23x999'), 1);
    assert.equal(pages('w'), 24, 'a prefix over every shard finds every page');
    const last = (k) => window.FOLIO_SEARCH_INDEX.terms[k];
    for (let k = 1; k < termFiles.length; k++) assert.equal(pages(last(k)), 1, `${last(k)} starts shard ${k}`);
  });

  test('a phrase of three or more characters must be in the text as a whole', () => {
    const { S } = ranking;
    const q = S.parseQuery('风险评估');
    assert.equal(S.verified(q.phrases, '', S.fold('风险、评估')), false);
    assert.equal(S.verified(q.phrases, '', S.fold('风险评估')), true);
  });
});

// ---- In the browser -------------------------------------------------------

/** Everything a reader sees of the results. */
function readResults(page) {
  return page.$$eval('.search-result', (items) => items.map((li) => {
    const a = li.querySelector('a');
    const text = (sel) => li.querySelector(sel)?.textContent ?? '';
    return {
      title: text('.search-result-title'),
      trail: text('.search-result-trail'),
      snippet: text('.search-result-snippet'),
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      snippetMarks: [...li.querySelectorAll('.search-result-snippet mark')].map((m) => m.textContent),
      href: a.href,
      selected: li.getAttribute('aria-selected') === 'true',
      height: li.getBoundingClientRect().height,
    };
  }));
}

/** Focus the box with `/`, type `query` key by key, wait for its results. */
async function search(page, query) {
  await page.keyboard.press('/');
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('search-input')), '`/` focuses the box');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(query);
  await page.waitForFunction((q) => document.querySelector('.search')?.dataset.query === q, query, { timeout: 20_000 });
  return readResults(page);
}

const path = (href) => decodeURIComponent(new URL(href).pathname);

describe('the search box in Chromium', () => {
  let browser;
  let server;
  before(async () => {
    browser = await launch();
    server = await serve(dirname(demo)); // the demo site sits under /demo/: a sub-path
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const where = {
    http: (rel) => `${server.origin}/demo/${rel.split('/').map(encodeURIComponent).join('/')}`,
    file: (rel) => pathToFileURL(join(demo, rel)).href,
  };

  for (const via of ['http', 'file']) {
    test(`合作 on the demo site lists the partner pages first, with highlighted snippets (${via})`, async () => {
      const context = await browser.newContext();
      const seen = watch(context, (u) => u.startsWith('file:') || u.startsWith(server.origin));
      const page = await context.newPage();
      await page.goto(where[via]('index.html'));
      const results = await search(page, '合作');
      assert.ok(results.length >= 5, `${results.length} results`);
      assert.ok(path(results[0].href).endsWith('/01-合作伙伴/index.html'), results[0].href);
      // Among equal scores the reading order decides, which follows the
      // folder index's links (极峰科技 and 潜在合作方 come first there).
      const norms = results.slice(1, 3).find((r) => path(r.href).endsWith('/01-合作伙伴/合作伙伴管理规范.html'));
      assert.ok(norms, results.map((r) => r.href).join(' '));
      assert.match(norms.title, /合作伙伴管理规范/);
      assert.equal(norms.trail, '合作伙伴总览', 'the breadcrumb trail of the page');
      for (const r of [results[0], norms]) {
        assert.ok(r.snippetMarks.length > 0 && r.snippetMarks.every((m) => m === '合作'), `${r.title}: ${r.snippetMarks}`);
        assert.match(r.snippet, /合作/);
      }
      for (const r of results) assert.ok(r.marks.includes('合作'), `${r.title}: the match is marked`);
      const status = await page.textContent('.search-status');
      assert.match(status, /^\d+ 个结果$/);
      assert.deepEqual(seen.foreign(), []);
      assert.deepEqual(seen.problems, []);
      await context.close();
    });

    test(`queries from a deep page: Chinese, Latin, mixed, one character (${via})`, async () => {
      const context = await browser.newContext();
      const seen = watch(context, (u) => u.startsWith('file:') || u.startsWith(server.origin));
      const page = await context.newPage();
      await page.goto(where[via]('01-合作伙伴/极峰科技/合作协议要点.html'));
      let r = await search(page, '风险');
      assert.ok(path(r[0].href).endsWith('/10-战略报告/实施策略与合作模式/风险评估与缓解策略.html'), r[0].href);
      assert.match(r[0].title, /风险评估与缓解策略/);
      assert.equal(r[0].trail, '亨通 × 云储聚合 智慧储能战略合作研究报告 › 第五章 实施策略与合作模式');
      r = await search(page, 'P001');
      assert.match(r[0].title, /P001/);
      assert.ok(r.every((x) => x.marks.some((m) => m.toLowerCase() === 'p001')), 'P001 is marked in every result');
      r = await search(page, 'mermaid');
      assert.equal(path(r[0].href), path(where[via]('index.html')), 'the home page mentions Mermaid');
      assert.deepEqual(r[0].snippetMarks, ['Mermaid']);
      r = await search(page, 'P001 合作');
      assert.match(r[0].title, /合作方 · 极峰科技（P001）/);
      assert.ok(r[0].marks.includes('P001') && r[0].marks.includes('合作'));
      r = await search(page, '险');
      assert.match(r[0].title, /风险评估与缓解策略/);
      r = await search(page, '基本信息');
      assert.ok(path(r[0].href).endsWith('/01-合作伙伴/极峰科技/index.html'), r[0].href);
      assert.equal(decodeURIComponent(new URL(r[0].href).hash), '#-基本信息', 'links to the heading above the match');
      r = await search(page, '没有这个词的页面zzzz');
      assert.equal(r.length, 0);
      assert.equal(await page.textContent('.search-status'), '没有找到匹配的页面');
      assert.deepEqual(seen.problems, []);
      await context.close();
    });
  }

  test('风险 lists the page named after it first, then titles, headings, text (file)', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(titlesFirst, 'index.html')).href);
    let r = await search(page, '风险');
    assert.deepEqual(r.map((x) => x.title.replace(/本周风险$/, '')), ['🛡️ 风险', '风险评估与缓解策略', '周报', '会议纪要']);
    assert.ok(path(r[0].href).endsWith('/风险.html'), r[0].href);
    r = await search(page, '险');
    assert.deepEqual(r.map((x) => x.title.replace(/本周风险$/, '')).slice(0, 3), ['风险评估与缓解策略', '🛡️ 风险', '周报'],
      'titles (by score: neither is named 险) and a heading before the rare 险峻 in the text of the home page');
    await page.close();
  });

  test('keys: arrows move, Enter opens the heading, Escape closes', async () => {
    const page = await browser.newPage();
    await page.goto(where.file('index.html'));
    const results = await search(page, '基本信息');
    assert.ok(results.length >= 2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual((await readResults(page)).map((x) => x.selected), results.map((_, i) => i === 1));
    await page.keyboard.press('ArrowUp');
    assert.equal((await readResults(page))[0].selected, true);
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('.search-panel'), false, 'Escape closes the results');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('search-input')), false);
    await search(page, '基本信息');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL((u) => u.hash !== ''), page.keyboard.press('Enter')]);
    assert.equal(path(page.url()), path(results[0].href));
    assert.equal(decodeURIComponent(new URL(page.url()).hash), '#-基本信息');
    assert.ok(await page.isVisible('[id="-基本信息"]'), 'the heading is there');
    await page.close();
  });

  test('the index loads on first focus, page texts only with results', async () => {
    const context = await browser.newContext();
    const seen = watch(context, (u) => u.startsWith(server.origin));
    const page = await context.newPage();
    await page.goto(where.http('02-客户项目/项目总览.html'));
    await page.waitForLoadState('load');
    const searchFiles = () => seen.requests.filter((u) => u.includes('/_folio/search/') && !/search\.(js|css)$/.test(u));
    assert.deepEqual(searchFiles(), [], 'nothing of the index before the box is used');
    await page.focus('.search-input');
    await page.waitForFunction(() => window.FolioSearch && [...document.scripts].some((s) => s.src.endsWith('/_folio/search/index.js')));
    await page.waitForTimeout(200);
    assert.deepEqual(searchFiles().map((u) => u.split('/').pop()), ['index.js']);
    await search(page, '合作');
    assert.ok(searchFiles().some((u) => /\/text-\d+\.js$/.test(u)), 'a text shard for the snippets');
    assert.equal(searchFiles().filter((u) => /\/terms-\d+\.js$/.test(u)).length, 1, 'the term shard of 合作');
    assert.deepEqual(seen.problems, []);
    await context.close();
  });

  test('on a phone: the search button opens the box over the header', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(where.file('02-客户项目/项目总览.html'));
    assert.equal(await page.isVisible('.search-input'), false, 'the header holds a button, not the box');
    await page.tap('.search-toggle');
    assert.equal(await page.isVisible('.search-input'), true);
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('search-input')));
    const box = await page.$eval('.search-box', (el) => el.getBoundingClientRect().toJSON());
    assert.ok(box.left <= 1 && box.width >= 380, `the box spans the screen: ${JSON.stringify(box)}`);
    await page.keyboard.type('合作');
    await page.waitForFunction(() => document.querySelector('.search')?.dataset.query === '合作');
    const panel = await page.$eval('.search-panel', (el) => el.getBoundingClientRect().toJSON());
    assert.ok(panel.left >= 0 && panel.right <= 390 && panel.width >= 380, `the results fit the screen: ${JSON.stringify(panel)}`);
    const results = await readResults(page);
    assert.ok(results.every((x) => x.height >= 44), 'results are large enough to tap');
    const before = page.url();
    await Promise.all([page.waitForURL((u) => u.href !== before), page.tap('.search-result a')]);
    assert.equal(path(page.url()), path(results[0].href));
    await page.tap('.search-toggle');
    await page.tap('.search-close');
    assert.equal(await page.isVisible('.search-input'), false, 'the close button closes the box');
    await context.close();
  });

  test('English interface words, and no search at all with search.enabled = false', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(english, 'guide/index.html')).href);
    assert.equal(await page.getAttribute('.search-input', 'placeholder'), 'Search the docs');
    const r = await search(page, 'map');
    assert.deepEqual(r.map((x) => x.title), ['Guide', 'Home']);
    assert.match(await page.textContent('.search-status'), /^2 results$/);
    assert.equal(new URL(r[1].href).href, pathToFileURL(join(english, 'index.html')).href);
    await page.goto(pathToFileURL(join(englishOff, 'index.html')).href);
    assert.equal(await page.$('.search'), null, 'no search box');
    assert.equal(existsSync(join(englishOff, '_folio/search/index.js')), false, 'no index');
    await page.close();
  });
});
