#!/usr/bin/env bash
# Vendor one pinned Mermaid release into the default theme.
#
#   tools/update-mermaid.sh 11.17.2
#
# Fetches the release with `npm pack` (the npm registry only, no CDN), copies its
# self-contained IIFE bundle dist/mermaid.min.js and its LICENSE to
# themes/default/static/mermaid/, and rewrites the README.md there with the
# version, the tarball's integrity and the bundle's sha256.
# Afterwards: cargo build (the theme is embedded) and tests/browser/run.sh.
set -euo pipefail

version="${1:?usage: tools/update-mermaid.sh VERSION (for example 11.17.2)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/themes/default/static/mermaid"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --json "mermaid@$version" > pack.json
read -r tarball integrity < <(node -e '
  const [p] = require("./pack.json");
  console.log(p.filename, p.integrity);' )
tar -xzf "$tarball" package/LICENSE package/dist/mermaid.min.js

bundle=package/dist/mermaid.min.js
# The IIFE build ends by assigning the global; an ES-module build would not
# work from file:// and must not be vendored by mistake.
if ! tail -c 200 "$bundle" | grep -q 'globalThis\["mermaid"\]'; then
  echo "error: $bundle of mermaid@$version is not the IIFE bundle" >&2
  exit 1
fi

mkdir -p "$dest"
cp "$bundle" "$dest/mermaid.min.js"
cp package/LICENSE "$dest/LICENSE"
sha256="$(sha256sum "$dest/mermaid.min.js" | cut -d' ' -f1)"
bytes="$(wc -c < "$dest/mermaid.min.js" | tr -d ' ')"

cat > "$dest/README.md" <<README
# Mermaid, vendored

\`mermaid.min.js\` is the self-contained browser bundle (IIFE, defines
\`window.mermaid\`, no further chunks, works from file://) of the npm release
below, copied unchanged. \`LICENSE\` is Mermaid's licence (MIT), from the same
tarball; the licences of the libraries bundled inside are kept as comments in
\`mermaid.min.js\` itself. \`folio-mermaid.js\` is folio's own code.

| | |
| --- | --- |
| Package | mermaid@$version |
| Tarball | $tarball |
| Tarball integrity (npm) | $integrity |
| File | dist/mermaid.min.js, $bytes bytes |
| sha256 of mermaid.min.js | $sha256 |

## Updating

\`\`\`
tools/update-mermaid.sh NEW_VERSION   # npm pack mermaid@NEW_VERSION, copy, rewrite this file
cargo build                           # the theme folder is embedded in the binary
tests/browser/run.sh                  # real-browser check of every diagram kind we rely on
\`\`\`

Read Mermaid's release notes for changes to \`mermaid.render\`, directives and
themes: \`folio-mermaid.js\` relies on \`initialize\`, \`render\`, the
\`%%{init}%%\` directive and \`suppressErrorRendering\`.
README

echo "mermaid@$version -> $dest ($bytes bytes, sha256 $sha256)"
