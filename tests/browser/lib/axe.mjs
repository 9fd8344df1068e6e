// axe-core in a page: the rules it breaks, at the impacts that fail the suite.
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const FAILING = new Set(['critical', 'serious']);

/** Runs axe on the page as it is now; resolves to the critical and serious violations. */
export async function violations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => FAILING.has(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 3).join(' ')}`),
    }));
}

/** Violations as lines a reader of the test output can act on. */
export function describe(list) {
  return list.map((v) => `${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.join('\n    ')}`).join('\n  ');
}
