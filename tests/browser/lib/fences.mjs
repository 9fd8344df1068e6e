// The Mermaid sources of a Markdown file, as CommonMark reads its fences:
// ```mermaid and ~~~mermaid (extra info words allowed), indented by up to three
// spaces, closed by a fence of the same character at least as long. Fences of
// other languages are skipped whole, so a ```mermaid inside them is not a diagram.

const OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

export function mermaidSources(markdown) {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const sources = [];
  let fence = null; // { char, length, indent, mermaid, body }
  for (const line of lines) {
    if (!fence) {
      const m = OPEN.exec(line);
      if (!m || (m[2][0] === '`' && m[3].includes('`'))) continue;
      const lang = m[3].trim().split(/\s+/)[0].toLowerCase();
      fence = { char: m[2][0], length: m[2].length, indent: m[1].length, mermaid: lang === 'mermaid', body: [] };
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1][0] === fence.char && close[1].length >= fence.length) {
      if (fence.mermaid) sources.push(fence.body.map((l) => `${l}\n`).join(''));
      fence = null;
      continue;
    }
    const indent = /^ */.exec(line)[0].length;
    fence.body.push(line.slice(Math.min(indent, fence.indent)));
  }
  if (fence && fence.mermaid) sources.push(fence.body.map((l) => `${l}\n`).join(''));
  return sources;
}
