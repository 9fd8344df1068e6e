// The reader at a laptop's width: tables of up to seven columns of Chinese
// text fit at 1280x800, a wide diagram fits its column and opens in the
// viewer (Enter opens, +/- zoom, Esc closes), images open full size, column
// headers sort (numbers with units, percentages, dates, pinyin), long tables
// keep their header in view, and every control is reached by Tab with a
// visible focus. Sites: tests/fixtures/reader and the demo, as run.sh built them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';

const built = process.env.FOLIO_BROWSER_SITES;
if (!built) throw new Error('FOLIO_BROWSER_SITES is not set: run tests/browser/run.sh');
const LAPTOP = { width: 1280, height: 800 };

let browser;
const servers = {};
before(async () => {
  browser = await launch();
  servers.reader = await serve(join(built, 'reader'));
  servers.demo = await serve(join(built, 'demo'));
});
after(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

async function open(site, path, options = {}) {
  const context = await browser.newContext({ viewport: LAPTOP, colorScheme: 'light', ...options });
  const page = await context.newPage();
  await page.goto(`${servers[site].origin}/${path}`);
  if (options.javaScriptEnabled !== false) {
    await page.waitForFunction(() => [...document.querySelectorAll('pre.mermaid')]
      .every((pre) => pre.dataset.folioMermaid), null, { timeout: 30_000 });
  }
  return { page, close: () => context.close() };
}

async function withPage(site, path, options, body) {
  const { page, close } = await open(site, path, options);
  try {
    await body(page);
  } finally {
    await close();
  }
}

/** The text of column `col` of table `t`, top to bottom. */
function column(page, t, col) {
  return page.$$eval('.content table', (tables, [i, c]) =>
    [...tables[i].tBodies[0].rows].map((r) => r.cells[c].textContent.trim()), [t, col]);
}

function headerSort(page, t) {
  return page.$$eval('.content table', (tables, i) =>
    [...tables[i].tHead.rows[0].cells].map((th) => th.getAttribute('aria-sort')), t);
}

describe('wide content at 1280x800', () => {
  for (const path of ['合作方总览.html', '实施方案/index.html']) {
    test(`${path}: every table fits its column, the page does not scroll sideways`, () =>
      withPage('reader', path, {}, async (page) => {
        const tables = await page.$$eval('.table-wrap', (wraps) => wraps.map((w) => ({
          columns: w.querySelector('tr').cells.length,
          overflow: w.scrollWidth - w.clientWidth,
        })));
        assert.ok(tables.some((t) => t.columns === 7), 'a seven-column table is on the page');
        for (const [i, t] of tables.entries()) {
          assert.ok(t.overflow <= 0, `table ${i + 1} (${t.columns} columns) overflows by ${t.overflow}px`);
        }
        const page_ = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(page_ <= 0, `the page scrolls sideways by ${page_}px`);
      }));
  }

  test('the wide diagram fits its column; Enter opens the viewer, + and - zoom, Esc closes it', () =>
    withPage('reader', '实施方案/index.html', {}, async (page) => {
      const fit = await page.$eval('pre.mermaid', (pre) => {
        const svg = pre.querySelector('svg').getBoundingClientRect();
        const box = pre.getBoundingClientRect();
        return { svgLeft: svg.left, svgRight: svg.right, left: box.left, right: box.right, range: pre.scrollWidth - pre.clientWidth };
      });
      assert.equal(fit.range, 0, 'nothing to scroll to');
      assert.ok(fit.svgLeft >= fit.left && fit.svgRight <= fit.right, `the drawing is inside its box: ${JSON.stringify(fit)}`);

      const zoom = page.locator('.zoomable-diagram .zoom-button').first();
      await zoom.focus();
      await page.keyboard.press('Enter');
      const dialog = page.locator('dialog.viewer');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await dialog.getAttribute('data-kind'), 'diagram');
      assert.equal(await dialog.locator('svg').count(), 1, 'the diagram is in the viewer');
      assert.match(await dialog.locator('.viewer-title').textContent(), /合作模式框架/);
      const scale = async () => Number(await dialog.getAttribute('data-scale'));
      const opened = await scale();
      const inColumn = await page.$eval('pre.mermaid svg', (svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
      assert.ok(opened > inColumn * 1.5, `larger than in the column: ${opened} vs ${inColumn}`);
      await page.keyboard.press('+');
      assert.ok(await scale() > opened, '+ zooms in');
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      assert.ok(await scale() < opened, '- zooms out');
      const before = await dialog.locator('.viewer-canvas').evaluate((c) => c.style.transform);
      const stage = await dialog.locator('.viewer-stage').boundingBox();
      await page.mouse.move(stage.x + 200, stage.y + 200);
      await page.mouse.down();
      await page.mouse.move(stage.x + 320, stage.y + 260, { steps: 4 });
      await page.mouse.up();
      assert.notEqual(await dialog.locator('.viewer-canvas').evaluate((c) => c.style.transform), before, 'dragging pans');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.ok(await zoom.evaluate((b) => b === document.activeElement), 'focus is back on the button');
    }));

  test('an image opens full size in the same viewer', () =>
    withPage('reader', '实施方案/index.html', {}, async (page) => {
      await page.locator('.zoomable-image img').first().click();
      const dialog = page.locator('dialog.viewer');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await dialog.getAttribute('data-kind'), 'image');
      assert.equal(Number(await dialog.getAttribute('data-scale')), 1);
      const size = await dialog.locator('img').evaluate((img) => img.getBoundingClientRect().width);
      assert.equal(Math.round(size), 1600, 'drawn at its own width');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    }));
});

describe('sorting tables', () => {
  test('numbers with units, percentages, dates and pinyin, announced in aria-sort', () =>
    withPage('reader', '合作方总览.html', {}, async (page) => {
      const t = 1; // 候选供应商评估: 供应商 所在城市 主营方向 报价区间 交付周期 评估得分 首次接触
      const header = (col) => page.locator('.content table').nth(t).locator('th .sort-button').nth(col);
      await header(3).click();
      assert.deepEqual(await column(page, t, 3), ['9,800元', '15万', '30-45万', '60-80万', '1.2亿']);
      assert.deepEqual(await headerSort(page, t), [null, null, null, 'ascending', null, null, null]);
      await header(3).click();
      assert.deepEqual(await column(page, t, 3), ['1.2亿', '60-80万', '30-45万', '15万', '9,800元']);
      assert.deepEqual(await headerSort(page, t), [null, null, null, 'descending', null, null, null]);
      await header(5).click();
      assert.deepEqual(await column(page, t, 5), ['64%', '76.5%', '82%', '88%', '91%']);
      await header(6).click();
      assert.deepEqual(await column(page, t, 6), ['2025-07-15', '2025-08-27', '2025-09-12', '2025-10-03', '2025-11-02']);
      // Pinyin: 安澜 an, 百川 bai, 澄明 cheng, 东篱 dong (code-point order is 东 安 澄 百).
      await header(0).focus();
      await page.keyboard.press('Enter');
      assert.deepEqual((await column(page, t, 0)).slice(0, 4).filter((n) => n !== '重岩软件'), ['安澜系统', '百川信息', '澄明科技', '东篱数据']);
      assert.equal(await headerSort(page, t).then((s) => s[0]), 'ascending', 'Enter on the header sorts');
      // Space too, and a column of 万 amounts with a 0 in it.
      const t2 = 2; // 季度合作记录: 日期 合作方 事项 负责人 金额 进度
      await page.locator('.content table').nth(t2).locator('th .sort-button').nth(4).focus();
      await page.keyboard.press('Space');
      const amounts = await column(page, t2, 4);
      assert.deepEqual(amounts.slice(0, 3), ['0', '0', '0.5万']);
      assert.equal(amounts.at(-1), '45万');
    }));

  test('every table of the demo sorts by every column, both ways, keeping its rows', async () => {
    const root = join(built, 'demo');
    const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === '_folio' ? [] : walk(join(dir, e.name)))
        : e.name.endsWith('.html') ? [relative(root, join(dir, e.name))] : []);
    let sorted = 0;
    const { page, close } = await open('demo', 'index.html');
    try {
      for (const path of walk(root)) {
        await page.goto(`${servers.demo.origin}/${path}`);
        const tables = await page.$$eval('.content table', (ts) => ts.map((t) => t.querySelectorAll('th .sort-button').length));
        for (const [t, buttons] of tables.entries()) {
          for (let col = 0; col < buttons; col++) {
            const rows = () => page.$$eval('.content table', (ts, i) => [...ts[i].tBodies[0].rows].map((r) => r.textContent), t);
            const start = (await rows()).slice().sort();
            const button = page.locator('.content table').nth(t).locator('th .sort-button').nth(col);
            await button.click();
            const up = await column(page, t, col);
            assert.equal((await headerSort(page, t))[col], 'ascending', `${path} table ${t + 1} column ${col + 1}`);
            await button.click();
            const down = await column(page, t, col);
            assert.equal((await headerSort(page, t))[col], 'descending');
            assert.deepEqual((await rows()).slice().sort(), start, `${path}: the rows are kept`);
            // Cells folio.js reads as empty stay at the end both ways.
            const empty = /^(?:|-|–|—|\/|N\/?A|无|待定|待确定)$/i;
            if (new Set(up).size === up.length && !up.some((c) => empty.test(c))) {
              assert.deepEqual(down, up.slice().reverse(), `${path} table ${t + 1} column ${col + 1}: descending is ascending reversed`);
            }
            sorted++;
          }
        }
      }
    } finally {
      await close();
    }
    assert.ok(sorted >= 20, `${sorted} columns sorted`);
  });

  test('a long table scrolls in its box under a header that stays', () =>
    withPage('reader', '合作方总览.html', {}, async (page) => {
      const wrap = page.locator('.table-wrap.table-long');
      assert.equal(await wrap.count(), 1, 'the 16-row table is the long one');
      const stuck = await wrap.evaluate((w) => {
        w.scrollTop = 300;
        return w.querySelector('th').getBoundingClientRect().top - w.getBoundingClientRect().top;
      });
      assert.ok(Math.abs(stuck - 1) <= 1.5, `the header is at the top of the box: ${stuck}`);
    }));

  test('without JavaScript a table is the plain table', () =>
    withPage('reader', '合作方总览.html', { javaScriptEnabled: false }, async (page) => {
      assert.equal(await page.locator('.sort-button, .zoom-button').count(), 0);
      assert.equal(await page.locator('.table-long').count(), 0);
      assert.equal(await page.locator('.content th').first().textContent(), '合作方');
    }));
});

describe('keyboard', () => {
  for (const [site, path] of [['reader', '合作方总览.html'], ['reader', '实施方案/index.html'], ['demo', 'index.html']]) {
    test(`${site} ${path}: Tab reaches every control, each with a visible focus`, () =>
      withPage(site, path, {}, async (page) => {
        const names = await page.$$eval('a[href], button, input:not([disabled]), [tabindex="0"], summary', (els) => els
          // Shown: not in a closed <details> (the table of contents below 90em) nor the viewer.
          .filter((el) => el.checkVisibility({ visibilityProperty: true }) && !el.closest('dialog'))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.textContent.trim().slice(0, 20)}`));
        const controls = names.length;
        const reached = [];
        const unseen = [];
        for (let i = 0; i < controls + 5; i++) {
          await page.keyboard.press('Tab');
          const f = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            const drawn = (st) => (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== 'none';
            // A text field may show its focus on the box around it (the search box).
            const ring = drawn(s) || (el.tagName === 'INPUT' && drawn(getComputedStyle(el.parentElement)));
            const name = `${el.tagName.toLowerCase()}.${el.className} ${el.textContent.trim().slice(0, 20)}`;
            if (!el.dataset.tabbed) el.dataset.tabbed = '1'; else return { again: true };
            return { name, ring };
          });
          if (!f) continue;
          if (f.again) break;
          reached.push(f.name);
          if (!f.ring) unseen.push(f.name);
        }
        assert.deepEqual(unseen, [], 'controls without a visible focus');
        const missed = names.filter((n) => !reached.includes(n));
        assert.deepEqual(missed, [], `Tab reached ${reached.length} of ${controls} controls`);
      }));
  }
});
