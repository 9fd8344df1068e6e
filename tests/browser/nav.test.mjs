// The sidebar's order and windows in Chromium, from file://: a folder's
// pages follow the order its index page links them (tests/fixtures/
// linked-order), and a page of a 300-page folder lists a window of its
// siblings whose "… N more" entries fill in the rest from nav.js.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './lib/browser.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const folio = process.env.FOLIO_BIN || join(repo, 'target/release/folio');

describe('sidebar order and windows', () => {
  let browser;
  let tmp;
  let linked;
  let flat;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'folio-nav-'));
    linked = join(tmp, 'linked');
    execFileSync(folio, ['build', '-q', join(repo, 'tests/fixtures/linked-order'), '-o', linked]);
    const src = join(tmp, 'flat');
    const write = (rel, text) => {
      mkdirSync(dirname(join(src, rel)), { recursive: true });
      writeFileSync(join(src, rel), text);
    };
    write('README.md', '# 首页\n\n[记录](记录/)\n');
    for (let i = 1; i <= 300; i++) {
      write(`记录/r${String(i).padStart(4, '0')}.md`, `# 记录 ${i}\n\n第 ${i} 条。\n`);
    }
    flat = join(tmp, 'flat-out');
    execFileSync(folio, ['build', '-q', src, '-o', flat]);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const titles = (page, folder) =>
    page.$$eval(
      `#sidebar li.nav-folder.open > ul > li`,
      (items) => items.map((li) => li.textContent.trim()),
      folder,
    );

  test('a folder follows the order its index page links its pages', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(linked, '章节/甲篇.html')).href);
    assert.deepEqual(await titles(page), ['丙篇', '甲篇', '乙篇', '丁篇']);
    await page.close();
  });

  test('a large folder shows a window and fills in the rest on demand', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(flat, '记录/r0150.html')).href);
    const shown = await titles(page);
    assert.equal(shown.length, 77, 'a window of 75 and two "… more"');
    assert.equal(shown[0], '… 还有 100 项');
    assert.equal(shown[76], '… 还有 125 项');
    assert.equal(await page.textContent('#sidebar li.current'), '记录 150');
    await page.click('#sidebar li.nav-more a >> nth=0');
    assert.equal(
      await page.evaluate(() => document.activeElement.textContent),
      '记录 1',
      'focus on the first entry shown',
    );
    await page.click('#sidebar li.nav-more a');
    const all = await titles(page);
    assert.deepEqual(all, Array.from({ length: 300 }, (_, i) => `记录 ${i + 1}`));
    const href = await page.$eval('#sidebar a:text-is("记录 300")', (a) => a.href);
    assert.ok(href.endsWith('/%E8%AE%B0%E5%BD%95/r0300.html'), href);
    await page.close();
  });
});
