// The sites run.sh built, and the pages of each that hold diagrams, with the
// diagram sources read from the Markdown they were built from.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { mermaidSources } from './fences.mjs';

const built = process.env.FOLIO_BROWSER_SITES;
if (!built) throw new Error('FOLIO_BROWSER_SITES is not set: run tests/browser/run.sh');
const repo = new URL('../../../', import.meta.url).pathname;

function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return markdownFiles(path);
      return e.name.endsWith('.md') ? [path] : [];
    });
}

// a/README.md, a/index.md, a/_index.md -> a/index.html; a/b.md -> a/b.html
function outputPath(rel) {
  const parts = rel.split(sep);
  const name = parts.pop();
  const index = ['readme.md', 'index.md', '_index.md'].includes(name.toLowerCase());
  return [...parts, index ? 'index.html' : name.replace(/\.md$/, '.html')].join('/');
}

function site(name, content, badDiagrams = {}) {
  const pages = markdownFiles(content)
    .sort()
    .map((file) => {
      const rel = relative(content, file);
      const sources = mermaidSources(readFileSync(file, 'utf8'));
      return { rel, path: outputPath(rel), sources, bad: badDiagrams[rel] || [] };
    })
    .filter((p) => p.sources.length > 0);
  return { name, root: join(built, name), pages };
}

export const sites = [
  // broken.md holds one deliberately bad diagram, the second of three.
  site('fixture', join(repo, 'tests/fixtures/mermaid'), { 'broken.md': [1] }),
  site('demo', join(repo, 'content')),
];
