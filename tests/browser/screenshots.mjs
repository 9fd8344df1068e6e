#!/usr/bin/env node
// Screenshots of the pages with the widest tables and diagrams, to look at:
//   node screenshots.mjs SITE_DIR OUT_DIR [page.html ...]
// At 1280x800, 1440x900 and 390x844, light and dark, and as printed (print
// media, light). Each is the first screen; `-full` ones are the whole page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';

const [root, out, ...pages] = process.argv.slice(2);
if (!root || !out) {
  console.error('usage: node screenshots.mjs SITE_DIR OUT_DIR [page.html ...]');
  process.exit(2);
}
const VIEWPORTS = [[1280, 800], [1440, 900], [390, 844]];
mkdirSync(out, { recursive: true });
const server = await serve(root);
const browser = await launch();
try {
  for (const path of pages.length ? pages : ['index.html']) {
    const name = path.replace(/\.html$/, '').replace(/[/\\]/g, '_');
    for (const [width, height] of VIEWPORTS) {
      for (const theme of ['light', 'dark']) {
        const context = await browser.newContext({ viewport: { width, height }, colorScheme: theme });
        const page = await context.newPage();
        await page.goto(`${server.origin}/${path}`);
        await page.waitForFunction(() => [...document.querySelectorAll('pre.mermaid')]
          .every((pre) => pre.dataset.folioMermaid), null, { timeout: 30_000 });
        await page.screenshot({ path: join(out, `${name}-${width}-${theme}.png`) });
        await page.screenshot({ path: join(out, `${name}-${width}-${theme}-full.png`), fullPage: true });
        if (width === 1280 && theme === 'light') {
          await page.emulateMedia({ media: 'print' });
          await page.screenshot({ path: join(out, `${name}-print-full.png`), fullPage: true });
        }
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
