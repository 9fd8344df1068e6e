// `folio pdf --audience partner` of the audience fixture (tests/fixtures/audience,
// the one tests/audience.rs scans byte by byte): the PDF's streams are
// compressed, so its extracted text is searched for every secret of the
// fixture's secrets.txt (markers, excluded titles, excluded file names): zero
// hits. The same PDF without --audience shows the page markers, so the scan
// can find what it looks for.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('../../', import.meta.url).pathname;
const folio = process.env.FOLIO_BIN || join(repo, 'target/release/folio');
const fixture = join(repo, 'tests/fixtures/audience');
const secrets = readFileSync(join(fixture, 'secrets.txt'), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'));

let site;
before(() => {
  site = mkdtempSync(join(tmpdir(), 'folio-audience-pdf-'));
  cpSync(fixture, site, { recursive: true });
  // As tests/audience.rs does: the excluded folder reached through a symlink
  // under another name, which the partner's globs must still catch.
  symlinkSync('../内部', join(site, 'content/公开/镜像'));
});
after(() => {
  if (site) rmSync(site, { recursive: true, force: true });
});

/// The PDF of the whole site, its text without white space (a title may
/// break across lines), and its metadata.
function printed(name, args) {
  const pdf = join(site, name);
  execFileSync(folio, ['pdf', '-o', pdf, ...args], { cwd: site, stdio: 'pipe' });
  const text = execFileSync('pdftotext', ['-q', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return { text, info };
}

test('the partner PDF shows no secret of the excluded pages, passages and files', () => {
  const { text, info } = printed('partner.pdf', ['--audience', 'partner']);
  const found = secrets.filter((s) => text.includes(s) || info.includes(s));
  assert.deepEqual(found, [], 'secrets in the partner PDF');
  // What the partner gets is there: a published page and the banner.
  assert.ok(text.includes('协议怎么签'), 'the included page (公开/合作协议说明.md) is printed');
  assert.ok(text.includes('仅供极峰科技使用'), 'every sheet has the audience banner');
});

test('the full PDF shows the page markers the partner PDF must not', () => {
  const { text } = printed('everything.pdf', []);
  for (const marker of ['SECRET-PAGE-TOML-1', 'SECRET-PAGE-YAML-2', 'SECRET-PAGE-GLOB-3', 'SECRET-PASSAGE-TEXT-7']) {
    assert.ok(text.includes(marker), `${marker} is in the full PDF`);
  }
});
