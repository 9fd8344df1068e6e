// Print pages in a real browser, and `folio pdf`: the demo's strategy report
// printed from file:// has its diagrams drawn as SVG before printing, and the
// PDF holds every page title in order, an outline and a plausible page count.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './lib/browser.mjs';

const built = process.env.FOLIO_BROWSER_SITES;
if (!built) throw new Error('FOLIO_BROWSER_SITES is not set: run tests/browser/run.sh');
const repo = new URL('../../', import.meta.url).pathname;
const folio = process.env.FOLIO_BIN || join(repo, 'target/release/folio');
const chapter = join(built, 'demo/_folio/print/10-战略报告/index.html');

let browser;
let temp;
before(async () => {
  browser = await launch();
  temp = mkdtempSync(join(tmpdir(), 'folio-print-'));
});
after(async () => {
  await browser?.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

async function openChapter() {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(chapter).href);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-folio-mermaid-done'));
  await page.emulateMedia({ media: 'print' });
  return page;
}

test('a printed chapter has its diagrams drawn as light SVG, and every page in the contents', async () => {
  const page = await openChapter();
  const report = await page.evaluate(() => ({
    diagrams: [...document.querySelectorAll('pre.mermaid')].map((el) => ({
      svg: !!el.querySelector('svg'),
      theme: el.getAttribute('data-folio-mermaid-theme'),
    })),
    toc: [...document.querySelectorAll('.print-toc a')].map((a) => a.getAttribute('href')),
    sections: [...document.querySelectorAll('section.print-page')].map((s) => '#' + encodeURI(s.id)),
    tableWrap: [...document.querySelectorAll('.table-wrap')].map((w) => getComputedStyle(w).overflowX),
  }));
  assert.ok(report.diagrams.length > 0, 'the report has diagrams');
  for (const d of report.diagrams) {
    assert.ok(d.svg, 'every diagram is an SVG before printing');
    assert.equal(d.theme, 'light');
  }
  assert.deepEqual(report.toc, report.sections, 'the contents list every section, in order');
  assert.ok(report.tableWrap.every((o) => o === 'visible'), 'tables do not scroll in print');
  await page.close();
});

function text(file) {
  return execFileSync('pdftotext', ['-q', '-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

test('folio pdf prints the report with every title in order, an outline and its pages', async () => {
  const pdf = join(temp, 'report.pdf');
  execFileSync(folio, ['pdf', '--chapter', 'content/10-战略报告', '-o', pdf], { cwd: repo, stdio: 'pipe' });
  const page = await openChapter();
  // Each page's title as its section shows it (its own `# heading`).
  const titles = await page.evaluate(() =>
    [...document.querySelectorAll('section.print-page > header h1')].map((h) => {
      const copy = h.cloneNode(true);
      copy.querySelector('.heading-anchor')?.remove();
      return copy.textContent.replace(/\s+/g, '');
    }));
  await page.close();
  const all = text(pdf);
  // Each title in the text after the contents, in order.
  let from = all.indexOf('目录') + 2;
  for (const title of titles) {
    const at = all.indexOf(title, from);
    assert.ok(at >= 0, `"${title}" is in the PDF after the contents, in order`);
    from = at + title.length;
  }
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  assert.ok(pages >= titles.length + 2 && pages <= titles.length * 8, `${pages} pages for ${titles.length} documents`);
  assert.match(info, /Page size:.*\(A4\)/);
  assert.match(readFileSync(pdf).toString('latin1'), /\/Type\s*\/Outlines/, 'the PDF has a bookmark outline');
});
