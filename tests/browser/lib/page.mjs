// What a reader sees of the diagrams on a page, read in the browser.

/** Waits until every diagram has been drawn (or has failed) in `theme`. */
export function waitForDiagrams(page, theme) {
  return page.waitForFunction(
    (t) => [...document.querySelectorAll('pre.mermaid')].every(
      (pre) => pre.dataset.folioMermaidTheme === t && pre.dataset.folioMermaid,
    ),
    theme,
    { timeout: 30_000 },
  );
}

/** Switches the page theme the way folio's theme toggle does. */
export function setPageTheme(page, theme) {
  return page.evaluate((t) => {
    document.documentElement.dataset.theme = t;
    window.dispatchEvent(new CustomEvent('folio:themechange', { detail: { theme: t } }));
  }, theme);
}

/** The text of every pre.mermaid, as the page has it now. */
export function diagramTexts(page) {
  return page.$$eval('pre.mermaid', (pres) => pres.map((pre) => pre.textContent));
}

/** Per diagram: its state and the colours of its parts, as rgb() strings. */
export function diagramReport(page) {
  return page.$$eval('pre.mermaid', (pres) => {
    const paint = (el) => (el instanceof SVGElement ? getComputedStyle(el).fill : getComputedStyle(el).color);
    const all = (root, sel, prop) => [...root.querySelectorAll(sel)].map((el) => getComputedStyle(el)[prop]);
    const visible = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    return pres.map((pre) => {
      const svgs = pre.querySelectorAll('svg');
      const svg = svgs[0];
      const error = pre.querySelector('.folio-mermaid-error');
      const view = svg && svg.viewBox.baseVal;
      const report = {
        state: pre.dataset.folioMermaid,
        // Drawn size over Mermaid's own size: how much the text was shrunk.
        scale: view && view.width ? svg.getBoundingClientRect().width / view.width : null,
        theme: pre.dataset.folioMermaidTheme,
        svgCount: svgs.length,
        svgVisible: Boolean(svg && visible(svg)),
        zoomButton: Boolean(pre.parentElement.querySelector(':scope > .zoom-button')),
        error: error && {
          visible: visible(error),
          title: error.querySelector('.folio-mermaid-error__title')?.textContent,
          message: error.querySelector('.folio-mermaid-error__message')?.textContent,
          source: error.querySelector('details .folio-mermaid-error__source')?.textContent,
        },
      };
      if (!svg) return report;
      // Every element that holds text directly: its colour is what the reader sees.
      const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
      const textColours = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.textContent.trim() && n.parentElement) textColours.push(paint(n.parentElement));
      }
      return Object.assign(report, {
        kind: svg.getAttribute('aria-roledescription'),
        textColours,
        nodeFills: all(svg, '.node rect, .node polygon, .node circle', 'fill'),
        nodeStrokes: all(svg, '.node rect, .node polygon, .node circle', 'stroke'),
        nodeLabels: all(svg, '.node .nodeLabel', 'color'),
        edgeStrokes: all(svg, 'path.flowchart-link', 'stroke'),
        sliceFills: all(svg, 'path.pieCircle', 'fill'),
        sliceStrokes: all(svg, 'path.pieCircle', 'stroke'),
        sliceTexts: all(svg, 'text.slice', 'fill'),
        pieTitles: all(svg, '.pieTitleText', 'fill'),
      });
    });
  });
}

/** How a diagram sits in its box: sideways scrolling and whether it fits. */
export function diagramScroll(page, index) {
  return page.$$eval('pre.mermaid', (pres, i) => {
    const pre = pres[i];
    return { left: pre.scrollLeft, range: pre.scrollWidth - pre.clientWidth };
  }, index);
}

/** CSS colours ('#1a1a1a', 'white') as the browser computes them: 'rgb(26, 26, 26)'. */
export function cssColours(page, colours) {
  return page.evaluate((list) => {
    const probe = document.createElement('span');
    document.body.appendChild(probe);
    const out = list.map((c) => {
      probe.style.color = '';
      probe.style.color = c;
      return getComputedStyle(probe).color;
    });
    probe.remove();
    return out;
  }, colours);
}

/**
 * Records every request and every console error of a browser context.
 * `local(url)` says which URLs are allowed; everything else is a failure.
 */
export function watch(context, local) {
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  context.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // Chromium asks for /favicon.ico on its own (no request event) and logs
      // the 404: folio's pages declare no icon. Nothing else is forgiven.
      const at = m.location().url;
      if (local(at) && at.endsWith('/favicon.ico')) return;
      problems.push(`console error: ${m.text()} (${at})`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });
  return {
    requests,
    problems,
    foreign: () => requests.filter((url) => !local(url)),
  };
}
