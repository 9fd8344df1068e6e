#!/usr/bin/env node
// Verifies the committed src/markdown/emoji_table.rs against the npm package
// `gemoji` (see tools/gen_emoji_table.mjs): every shortcode of the package
// is in the table with the same emoji, the table has nothing else, and it is
// sorted (the Rust side binary-searches it).
//
//   node tools/check_emoji_table.mjs /tmp/emojiref/node_modules/gemoji
//
// Exits with status 1 and lists mismatches if the table is wrong.

import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const pkgDir = resolve(process.argv[2] ?? 'node_modules/gemoji')
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const tableFile = join(repoRoot, 'src/markdown/emoji_table.rs')
const { gemoji } = await import(pathToFileURL(join(pkgDir, 'index.js')).href)

const text = readFileSync(tableFile, 'utf8')
const rows = [...text.matchAll(/^    \("([^"]+)", "((?:\\u\{[0-9A-F]+\})+)"\),$/gm)].map((m) => [
  m[1],
  m[2].replace(/\\u\{([0-9A-F]+)\}/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
])
const errors = []
const table = new Map(rows)
if (table.size !== rows.length) errors.push('duplicate names in table')
for (let i = 1; i < rows.length; i++) {
  if (Buffer.compare(Buffer.from(rows[i - 1][0]), Buffer.from(rows[i][0])) >= 0) {
    errors.push(`not sorted at ${rows[i][0]}`)
  }
}
let expected = 0
for (const { emoji, names } of gemoji) {
  for (const name of names) {
    expected += 1
    if (table.get(name) !== emoji) errors.push(`:${name}: is ${JSON.stringify(table.get(name))}, gemoji says ${emoji}`)
  }
}
if (rows.length !== expected) errors.push(`table has ${rows.length} names, gemoji ${expected}`)
if (errors.length > 0) {
  console.error(errors.slice(0, 50).join('\n'))
  process.exit(1)
}
console.log(`ok: ${rows.length} shortcodes match gemoji`)
