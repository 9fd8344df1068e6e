// Accessibility in a real browser: axe-core on every page of the demo site and
// of tests/fixtures/reader (pages in the shape of the documents folio is for),
// and on a sample of a generated 200-page site; light and dark, at a laptop's
// 1280x800 and a phone's 390 px. Any critical or serious violation fails.
// Then the colours of every drawn diagram: text on its node or slice reads
// at 4.5:1 or more in both themes (axe does not see inside Mermaid's SVG).
// reader.test.mjs checks the keyboard.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';
import { describe as explain, violations } from './lib/axe.mjs';
import { writeCorpus } from './lib/corpus.mjs';
import { contrast, diagramColours } from './lib/contrast.mjs';

const built = process.env.FOLIO_BROWSER_SITES;
if (!built) throw new Error('FOLIO_BROWSER_SITES is not set: run tests/browser/run.sh');
const repo = new URL('../../', import.meta.url).pathname;
const folio = process.env.FOLIO_BIN || join(repo, 'target/release/folio');

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const THEMES = ['light', 'dark'];

function htmlPages(root) {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '_folio' ? [] : walk(path);
    return e.name.endsWith('.html') ? [relative(root, path)] : [];
  });
  return walk(root).sort();
}

let browser;
let corpus;
before(async () => {
  browser = await launch();
  corpus = mkdtempSync(join(tmpdir(), 'folio-corpus-'));
  const pages = writeCorpus(join(corpus, 'src'), 10, 20);
  assert.equal(pages.length, 211);
  execFileSync(folio, ['build', '-q', join(corpus, 'src'), '-o', join(corpus, 'site')]);
});
after(async () => {
  await browser?.close();
  if (corpus) rmSync(corpus, { recursive: true, force: true });
});

/** A page in `theme` at `viewport`; `open(url)` goes to a page and waits for its diagrams. */
async function pageIn(theme, viewport) {
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], colorScheme: theme });
  const page = await context.newPage();
  page.open = async (url) => {
    await page.goto(url);
    await page.waitForFunction(() => [...document.querySelectorAll('pre.mermaid')]
      .every((pre) => pre.dataset.folioMermaid), null, { timeout: 30_000 });
  };
  return { page, close: () => context.close() };
}

const SITES = [
  { name: 'demo', root: () => join(built, 'demo'), pages: (root) => htmlPages(root) },
  { name: 'reader', root: () => join(built, 'reader'), pages: (root) => htmlPages(root) },
  // Every 20th page of the generated site: index, folder and leaf pages.
  {
    name: 'generated',
    root: () => join(corpus, 'site'),
    pages: (root) => htmlPages(root).filter((_, i) => i % 20 === 0),
  },
];

for (const site of SITES) {
  describe(`axe on the ${site.name} site`, { concurrency: 2 }, () => {
    let server;
    before(async () => { server = await serve(site.root()); });
    after(async () => { await server?.close(); });

    for (const theme of THEMES) {
      for (const viewport of Object.keys(VIEWPORTS)) {
        test(`every page, ${theme}, ${viewport}: no critical or serious violation`, async () => {
          const pages = site.pages(site.root());
          assert.ok(pages.length >= 5, `${pages.length} pages`);
          const failures = [];
          const { page, close } = await pageIn(theme, viewport);
          try {
            for (const path of pages) {
              await page.open(`${server.origin}/${path}`);
              const found = await violations(page);
              if (found.length) failures.push(`${path}:\n  ${explain(found)}`);
            }
          } finally {
            await close();
          }
          assert.deepEqual(failures, [], failures.join('\n'));
        });
      }
    }
  });
}

describe('diagram colours', { concurrency: 2 }, () => {
  for (const name of ['demo', 'reader']) {
    for (const theme of THEMES) {
      test(`${name} site, ${theme}: text in diagrams has a contrast of 4.5:1 or more`, async () => {
        const root = join(built, name);
        const server = await serve(root);
        const { page, close } = await pageIn(theme, 'desktop');
        const low = [];
        let checked = 0;
        try {
          for (const path of htmlPages(root)) {
            await page.open(`${server.origin}/${path}`);
            for (const [i, d] of (await diagramColours(page)).entries()) {
              for (const p of d.pairs) {
                const ratio = contrast(p.fg, p.bg, d.pageBg);
                if (ratio === null) continue;
                checked++;
                if (ratio < 4.5) low.push(`${path} diagram ${i + 1} 「${p.text}」: ${ratio.toFixed(2)} (${p.fg} on ${p.bg})`);
              }
            }
          }
        } finally {
          await close();
          await server.close();
        }
        assert.ok(checked >= 20, `${checked} labels checked`);
        assert.deepEqual(low, [], low.join('\n'));
      });
    }
  }
});
