#!/usr/bin/env bash
# folio's real-browser tests (see CI.md for what the machine needs first).
# Builds folio, builds the demo site, tests/fixtures/mermaid,
# tests/fixtures/reader and tests/fixtures/two-languages into a temporary folder, then runs every *.test.mjs
# here with node's test runner (a11y.test.mjs also builds a generated site
# with the folio binary, FOLIO_BIN; print.test.mjs and audience.test.mjs run
# `folio pdf` themselves).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "error: playwright-core is not installed: run 'npm ci' in tests/browser" >&2
  exit 1
fi

cd "$root"
cargo build --release --locked
sites="$(mktemp -d)"
trap 'rm -rf "$sites"' EXIT
./target/release/folio build -q -o "$sites/demo"
./target/release/folio build -q tests/fixtures/mermaid -o "$sites/fixture"
./target/release/folio build -q tests/fixtures/reader -o "$sites/reader"
./target/release/folio build -q tests/fixtures/two-languages -o "$sites/languages"

# The theme is embedded in the binary; make sure it is the one in this tree.
for f in themes/default/static/mermaid/*; do
  if ! cmp -s "$f" "$sites/fixture/_folio/mermaid/$(basename "$f")"; then
    echo "error: the folio binary embeds an older $f (a new theme file is not seen" >&2
    echo "       by cargo's change tracking): touch src/render/theme.rs and run again" >&2
    exit 1
  fi
done

cd "$here"
FOLIO_BIN="$root/target/release/folio" FOLIO_BROWSER_SITES="$sites" node --test ./*.test.mjs
