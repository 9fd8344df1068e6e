// WCAG contrast of the colours a reader sees in a drawn diagram.

function parse(colour) {
  const m = /rgba?\(([^)]+)\)/.exec(colour || '');
  if (!m) return null;
  const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return { r, g, b, a };
}

function over(top, bottom) {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

function luminance({ r, g, b }) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio of text colour `fg` on `bg`, both over the page colour `page`; null if unknown. */
export function contrast(fg, bg, page) {
  const p = parse(page);
  const b0 = parse(bg);
  const f0 = parse(fg);
  if (!p || !b0 || !f0) return null;
  const back = over(b0, p);
  const text = over(f0, back);
  const [hi, lo] = [luminance(text), luminance(back)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Per diagram on the page: each node's label colour and fill, and the page colour. */
export function diagramColours(page) {
  return page.$$eval('pre.mermaid svg', (svgs) => svgs.map((svg) => {
    const pageBg = getComputedStyle(document.body).backgroundColor;
    const pairs = [];
    for (const node of svg.querySelectorAll('.node')) {
      const shape = node.querySelector('rect, polygon, circle, path');
      const label = node.querySelector('.nodeLabel, text');
      if (!shape || !label || !label.textContent.trim()) continue;
      const fg = label instanceof SVGElement ? getComputedStyle(label).fill : getComputedStyle(label).color;
      pairs.push({ text: label.textContent.trim(), fg, bg: getComputedStyle(shape).fill });
    }
    // Pie slices carry their percentage on top of them, in slice order.
    const slices = [...svg.querySelectorAll('path.pieCircle')];
    [...svg.querySelectorAll('text.slice')].forEach((t, i) => {
      if (!slices[i]) return;
      const style = getComputedStyle(t);
      // Text drawn over a solid outline of its own stands on that outline.
      const halo = style.stroke !== 'none' && parseFloat(style.strokeWidth) >= 2 && style.paintOrder.startsWith('stroke');
      pairs.push({ text: t.textContent.trim(), fg: style.fill, bg: halo ? style.stroke : getComputedStyle(slices[i]).fill });
    });
    return { pageBg, pairs };
  }));
}
