#!/usr/bin/env node
// Generates src/markdown/slug_table.rs: the code points that the npm package
// `github-slugger` strips from heading text, as sorted inclusive ranges.
//
// The committed table was produced from github-slugger 2.0.0.
//
// How to run (from the repository root):
//
//   mkdir -p /tmp/slugref && (cd /tmp/slugref && npm init -y && npm install github-slugger@2.0.0)
//   node tools/gen_slug_table.mjs /tmp/slugref/node_modules/github-slugger
//   node tools/check_slug_table.mjs /tmp/slugref/node_modules/github-slugger
//
// The argument is the directory of the installed package (it must contain
// regex.js and package.json). This script parses the *source* of the regex
// structurally; tools/check_slug_table.mjs then verifies the committed table
// by running the real regex on every code point.
//
// github-slugger's regex has no `u` flag, so it works on UTF-16 code units:
// one alternative is a class of BMP code units, the others are
// "high surrogate(s) followed by a class of low surrogates" and describe
// astral code points. Both shapes are decoded here into code points.

import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const pkgDir = resolve(process.argv[2] ?? 'node_modules/github-slugger')
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outFile = join(repoRoot, 'src/markdown/slug_table.rs')

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
if (pkg.name !== 'github-slugger') throw new Error(`not github-slugger: ${pkgDir}`)
const { regex } = await import(pathToFileURL(join(pkgDir, 'regex.js')).href)
if (regex.unicode || regex.ignoreCase) throw new Error(`unexpected flags: ${regex.flags}`)

const src = regex.source
let pos = 0

function fail (msg) {
  throw new Error(`${msg} at offset ${pos}: ${JSON.stringify(src.slice(pos, pos + 20))}`)
}

// One (possibly escaped) code unit; returns its numeric value.
function unit () {
  const c = src[pos]
  if (c === undefined) fail('unexpected end')
  if (c !== '\\') {
    pos += 1
    return c.charCodeAt(0)
  }
  const e = src[pos + 1]
  const hex = (n) => {
    const h = src.slice(pos + 2, pos + 2 + n)
    if (!/^[0-9A-Fa-f]+$/.test(h) || h.length !== n) fail('bad hex escape')
    pos += 2 + n
    return parseInt(h, 16)
  }
  if (e === 'u') return hex(4)
  if (e === 'x') return hex(2)
  if (e === '0' && !/[0-9]/.test(src[pos + 2] ?? '')) {
    pos += 2
    return 0
  }
  // Identity escapes of punctuation such as \. \/ \[ \] \^ \- \\ \{ \}.
  if (/[^A-Za-z0-9]/.test(e)) {
    pos += 2
    return e.charCodeAt(0)
  }
  fail('unsupported escape')
}

// `[...]` -> array of [lo, hi] code-unit ranges.
function charClass () {
  if (src[pos] !== '[') fail('expected [')
  pos += 1
  if (src[pos] === '^') fail('negated classes are not supported')
  const ranges = []
  while (src[pos] !== ']') {
    const lo = unit()
    let hi = lo
    if (src[pos] === '-' && src[pos + 1] !== ']') {
      pos += 1
      hi = unit()
    }
    if (hi < lo) fail('reversed range')
    ranges.push([lo, hi])
  }
  pos += 1
  return ranges
}

// A class or a single code unit -> ranges.
function atom () {
  if (src[pos] === '[') return charClass()
  const u = unit()
  return [[u, u]]
}

const isHigh = (u) => u >= 0xd800 && u <= 0xdbff
const isLow = (u) => u >= 0xdc00 && u <= 0xdfff
const isSurrogate = (u) => u >= 0xd800 && u <= 0xdfff

const removed = [] // code-point ranges, unsorted
while (pos < src.length) {
  const atoms = []
  while (pos < src.length && src[pos] !== '|') atoms.push(atom())
  if (src[pos] === '|') pos += 1
  if (atoms.length === 1) {
    // BMP code units. A lone surrogate here would split astral characters.
    for (const [lo, hi] of atoms[0]) {
      if (isSurrogate(lo) || isSurrogate(hi) || (lo < 0xd800 && hi > 0xdfff)) {
        fail('single-unit alternative covers surrogates')
      }
      removed.push([lo, hi])
    }
  } else if (atoms.length === 2) {
    // Surrogate pairs: high × low.
    for (const [hlo, hhi] of atoms[0]) {
      if (!isHigh(hlo) || !isHigh(hhi)) fail('expected high surrogates')
      for (let h = hlo; h <= hhi; h++) {
        for (const [llo, lhi] of atoms[1]) {
          if (!isLow(llo) || !isLow(lhi)) fail('expected low surrogates')
          const base = 0x10000 + ((h - 0xd800) << 10)
          removed.push([base + llo - 0xdc00, base + lhi - 0xdc00])
        }
      }
    }
  } else {
    fail(`alternative with ${atoms.length} atoms`)
  }
}

// Sort and merge overlapping or adjacent ranges.
removed.sort((a, b) => a[0] - b[0])
const merged = []
for (const [lo, hi] of removed) {
  const last = merged[merged.length - 1]
  if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi)
  else merged.push([lo, hi])
}

const hex = (n) => '0x' + n.toString(16).toUpperCase().padStart(4, '0')
const perLine = 4
const lines = []
for (let i = 0; i < merged.length; i += perLine) {
  const row = merged.slice(i, i + perLine).map(([lo, hi]) => `(${hex(lo)}, ${hex(hi)})`)
  lines.push('    ' + row.join(', ') + ',')
}

const out = `// @generated by tools/gen_slug_table.mjs from github-slugger ${pkg.version} (regex.js).
// Do not edit by hand. Regenerate and verify with:
//   node tools/gen_slug_table.mjs <dir of npm-installed github-slugger>
//   node tools/check_slug_table.mjs <dir of npm-installed github-slugger>

/// Code points removed by github-slugger ${pkg.version}'s regex (applied after
/// lowercasing), as sorted, non-overlapping, non-adjacent inclusive ranges.
/// Surrogates never appear: Rust strings cannot contain them.
#[rustfmt::skip]
static REMOVED: &[(u32, u32)] = &[
${lines.join('\n')}
];
`
writeFileSync(outFile, out)
console.log(`github-slugger ${pkg.version}: wrote ${merged.length} ranges to ${outFile}`)
