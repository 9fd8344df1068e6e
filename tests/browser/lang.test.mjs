// The language switcher in Chromium, from file://: on tests/fixtures/two-languages
// (as run.sh built it), clicking it on a page with a twin opens that twin, on a
// page without one the other language's folder index; it is reached with Tab
// and followed with Enter, and each page carries its language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './lib/browser.mjs';

const built = process.env.FOLIO_BROWSER_SITES;
if (!built) throw new Error('FOLIO_BROWSER_SITES is not set: run tests/browser/run.sh');
const site = join(built, 'languages');
const url = (path) => pathToFileURL(join(site, path)).href;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function withPage(path, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(url(path));
    await body(page);
  } finally {
    await context.close();
  }
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);
// The page's own title (the tab's, before ` · ` and the site title).
const title = (page) => page.evaluate(() => document.title.split(' · ')[0]);

test('a page with a twin switches to it and back', async () => {
  await withPage('guide/安装.html', async (page) => {
    assert.equal(await lang(page), 'zh-CN');
    await page.click('.lang-switch a[hreflang="en"]');
    await page.waitForURL(url('en/guide/安装.html'));
    assert.equal(await lang(page), 'en');
    assert.equal(await title(page), 'Install');
    await page.click('.lang-switch a[hreflang="zh-CN"]');
    await page.waitForURL(url('guide/安装.html'));
    assert.equal(await title(page), '安装');
  });
});

test('a page without a twin switches to the folder index of the other language', async () => {
  await withPage('guide/v1.2.html', async (page) => {
    await page.click('.lang-switch a[hreflang="en"]');
    await page.waitForURL(url('en/guide/index.html'));
    assert.equal(await lang(page), 'en');
  });
  await withPage('en/guide/extra.html', async (page) => {
    await page.click('.lang-switch a[hreflang="zh-CN"]');
    await page.waitForURL(url('guide/index.html'));
    assert.equal(await title(page), '指南');
  });
});

test('the switcher is reached with Tab and followed with Enter', async () => {
  await withPage('index.html', async (page) => {
    let focused = '';
    for (let i = 0; i < 40 && focused !== 'en'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('hreflang') || '');
    }
    assert.equal(focused, 'en', 'Tab reaches the switcher');
    await page.keyboard.press('Enter');
    await page.waitForURL(url('en/index.html'));
    assert.equal(await title(page), 'Home');
  });
});
