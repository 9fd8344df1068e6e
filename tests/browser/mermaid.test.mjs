// Mermaid diagrams in a real browser: Debian's Chromium opens the sites that
// run.sh built, served from 127.0.0.1 and straight from file://, in light and
// in dark, and checks what a reader would see.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';
import { sites } from './lib/sites.mjs';
import { expectedVariables } from './lib/directive.mjs';
import {
  cssColours, diagramReport, diagramScroll, diagramTexts, setPageTheme, waitForDiagrams, watch,
} from './lib/page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

// The colours the directive asks for, or else those of Mermaid's own theme.
async function checkColours(page, d, source, theme, where) {
  const vars = expectedVariables(source, theme);
  if (!vars) {
    const mean = d.textColours.map(luminance).reduce((a, b) => a + b, 0) / d.textColours.length;
    const ok = theme === 'dark' ? mean > 0.5 : mean < 0.5;
    assert.ok(ok, `${where}: text should be ${theme === 'dark' ? 'light' : 'dark'}, mean luminance ${mean.toFixed(2)}`);
    return;
  }
  const has = async (found, colour, what) => {
    if (!colour) return;
    const [want] = await cssColours(page, [colour]);
    assert.ok(found.length > 0, `${where}: no ${what} found in the SVG`);
    assert.ok(found.includes(want), `${where}: ${what} should be ${colour} (${want}), got ${[...new Set(found)]}`);
  };
  if (d.kind === 'pie') {
    await has(d.sliceFills, vars.pie1 || vars.primaryColor, 'a slice fill');
    await has(d.sliceStrokes, vars.pieStrokeColor, 'slice stroke');
    await has(d.sliceTexts, vars.pieSectionTextColor, 'slice text');
    await has(d.pieTitles, vars.pieTitleTextColor, 'pie title');
  } else {
    assert.match(d.kind, /flowchart/, `${where}: only flowcharts and pies carry directives here`);
    await has(d.nodeFills, vars.primaryColor, 'node fill');
    await has(d.nodeStrokes, vars.primaryBorderColor, 'node border');
    await has(d.nodeLabels, vars.primaryTextColor, 'node label');
    await has(d.edgeStrokes, vars.lineColor, 'edge line');
  }
}

async function checkDiagrams(page, sitePage, theme) {
  const report = await diagramReport(page);
  assert.equal(report.length, sitePage.sources.length, `${sitePage.path}: one pre.mermaid per fence`);
  for (const [i, d] of report.entries()) {
    const where = `${sitePage.path} diagram ${i + 1} (${theme})`;
    assert.equal(d.theme, theme, where);
    if (sitePage.bad.includes(i)) {
      assert.equal(d.state, 'error', `${where}: the bad diagram is reported`);
      assert.equal(d.svgCount, 0, `${where}: no drawing for the bad diagram`);
      assert.ok(d.error && d.error.visible, `${where}: the error box is visible`);
      assert.match(d.error.message, /Parse error/, `${where}: the error box shows Mermaid's message`);
      assert.equal(d.error.source, sitePage.sources[i], `${where}: the error box keeps the source`);
      continue;
    }
    assert.equal(d.state, 'rendered', `${where}: ${d.error ? d.error.message : ''}`);
    assert.equal(d.svgCount, 1, `${where}: one SVG`);
    assert.ok(d.svgVisible, `${where}: the SVG has a size`);
    // Drawn at a readable size, or shrunk to fit its column with the viewer
    // a button away (reader.test.mjs opens it).
    assert.ok(d.scale >= 0.74 || d.zoomButton, `${where}: drawn at ${d.scale.toFixed(2)} of its size, text too small, and no viewer`);
    await checkColours(page, d, sitePage.sources[i], theme, where);
  }
}

function assertClean(seen, where) {
  assert.ok(seen.requests.some((u) => u.endsWith('/_folio/mermaid/mermaid.min.js')),
    `${where}: Mermaid was loaded from _folio/ (requests seen: ${seen.requests.length})`);
  assert.deepEqual(seen.foreign(), [], `${where}: requests to other hosts`);
  assert.deepEqual(seen.problems, [], `${where}: console errors or failed requests`);
}

async function withPage(options, local, url, body) {
  const context = await browser.newContext(options);
  const seen = watch(context, local);
  try {
    const page = await context.newPage();
    await page.goto(url);
    await body(page, seen);
  } finally {
    await context.close();
  }
}

for (const site of sites) {
  describe(`${site.name} site`, () => {
    let server;
    before(async () => { server = await serve(site.root); });
    after(async () => { await server.close(); });

    for (const how of ['http', 'file']) {
      const base = () => (how === 'http' ? `${server.origin}/` : pathToFileURL(`${site.root}/`).href);
      const local = (url) => url.startsWith(how === 'http' ? `${server.origin}/` : 'file:///');

      describe(`over ${how}`, { concurrency: 2 }, () => {
        for (const p of site.pages) {
          const url = () => new URL(p.path, base()).href;

          test(`${p.path}: the diagram text is the Markdown source, byte for byte`, () =>
            withPage({ javaScriptEnabled: false }, local, url(), async (page) => {
              assert.deepEqual(await diagramTexts(page), p.sources);
            }));

          test(`${p.path}: dark and light by the system colour scheme, then by the page theme`, () =>
            withPage({ colorScheme: 'dark' }, local, url(), async (page, seen) => {
              await waitForDiagrams(page, 'dark');
              await checkDiagrams(page, p, 'dark');
              await page.emulateMedia({ colorScheme: 'light' });
              await waitForDiagrams(page, 'light');
              await checkDiagrams(page, p, 'light');
              for (const theme of ['dark', 'light']) {
                await setPageTheme(page, theme);
                await waitForDiagrams(page, theme);
                await checkDiagrams(page, p, theme);
              }
              assertClean(seen, p.path);
            }));
        }

        const wide = site.pages.find((p) => p.path === 'wide.html');
        if (wide) {
          test('wide.html: a wide diagram is shrunk to fit its column, never cropped', () =>
            withPage({ colorScheme: 'light' }, local, new URL(wide.path, base()).href, async (page) => {
              await waitForDiagrams(page, 'light');
              const [fitted] = await diagramReport(page);
              assert.equal((await diagramScroll(page, 0)).range, 0, 'the whole diagram fits');
              assert.ok(fitted.scale < 0.74, 'fitting it in scales it down');
              assert.ok(fitted.zoomButton, 'it has a button that opens the viewer');
            }));
        }
      });
    }
  });
}
