#!/usr/bin/env node
// Verifies the committed src/markdown/slug_table.rs against the real
// github-slugger regex, exhaustively: for every code point 0..=0x10FFFF the
// regex must remove the whole character iff the table contains it.
//
// How to run (from the repository root; see tools/gen_slug_table.mjs):
//
//   node tools/check_slug_table.mjs /tmp/slugref/node_modules/github-slugger
//
// Exits with status 1 and lists mismatches if the table is wrong.
//
// Why single code points suffice: the regex (no `u` flag) only has
// alternatives that are one BMP code unit or one surrogate pair, so in a
// well-formed string each match is exactly one code point, independent of
// its neighbours. This script also checks that no code point is ever only
// partly removed (one surrogate of a pair), which would break that argument.

import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const pkgDir = resolve(process.argv[2] ?? 'node_modules/github-slugger')
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tableFile = join(repoRoot, 'src/markdown/slug_table.rs')

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const { regex } = await import(pathToFileURL(join(pkgDir, 'regex.js')).href)
const { slug } = await import(pathToFileURL(join(pkgDir, 'index.js')).href)

// Parse the table body between `= &[` and `];`.
const text = readFileSync(tableFile, 'utf8')
const body = text.slice(text.indexOf('= &['), text.lastIndexOf('];'))
const ranges = [...body.matchAll(/\((0x[0-9A-Fa-f]+),\s*(0x[0-9A-Fa-f]+)\)/g)].map((m) => [
  parseInt(m[1], 16),
  parseInt(m[2], 16)
])
const errors = []
if (ranges.length === 0) errors.push('no ranges found in table')
for (let i = 0; i < ranges.length; i++) {
  const [lo, hi] = ranges[i]
  if (lo > hi) errors.push(`range ${i} reversed`)
  if (i > 0 && lo <= ranges[i - 1][1] + 1) errors.push(`range ${i} not sorted/merged`)
}
const versionLine = text.match(/from github-slugger (\S+) /)
if (!versionLine || versionLine[1] !== pkg.version) {
  errors.push(`table says github-slugger ${versionLine?.[1]}, installed is ${pkg.version}`)
}

// Membership bitmap from the table.
const inTable = new Uint8Array(0x110000)
for (const [lo, hi] of ranges) inTable.fill(1, lo, hi + 1)

let removedCount = 0
for (let cp = 0; cp <= 0x10ffff && errors.length < 50; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) {
    // Not representable in Rust strings; the table must not list them.
    if (inTable[cp]) errors.push(`surrogate U+${cp.toString(16)} in table`)
    continue
  }
  const s = String.fromCodePoint(cp)
  const r = s.replace(regex, '')
  let removed
  if (r === '') removed = true
  else if (r === s) removed = false
  else {
    errors.push(`U+${cp.toString(16).toUpperCase()} only partly removed`)
    continue
  }
  // Also exercise the regex in context: between two kept letters.
  if (('a' + s + 'b').replace(regex, '') !== (removed ? 'ab' : 'a' + s + 'b')) {
    errors.push(`U+${cp.toString(16).toUpperCase()} behaves differently in context`)
  }
  if (removed) removedCount++
  if (removed !== (inTable[cp] === 1)) {
    errors.push(
      `U+${cp.toString(16).toUpperCase()}: regex ${removed ? 'removes' : 'keeps'} it, table ${inTable[cp] ? 'has' : 'lacks'} it`
    )
  }
}

// Sanity: the exported slug() agrees with "lowercase, drop table chars, space -> '-'".
const viaTable = (v) =>
  [...v.toLowerCase()]
    .filter((c) => !inTable[c.codePointAt(0)])
    .join('')
    .replace(/ /g, '-')
for (const v of ['📊 合作伙伴全景', '技术合作伙伴（1个）', 'C++ & Rust!', 'ΟΔΥΣΣΕΥΣ', 'Ünïcödé 👩‍💻 x']) {
  if (slug(v) !== viaTable(v)) errors.push(`slug(${JSON.stringify(v)}) = ${slug(v)} != ${viaTable(v)}`)
}

if (errors.length) {
  console.error(errors.join('\n'))
  process.exit(1)
}
console.log(
  `OK: github-slugger ${pkg.version}, ${ranges.length} ranges, ${removedCount} removed code points, all 0..=0x10FFFF checked`
)
