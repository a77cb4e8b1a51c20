/**
 * The README is the front door and docs/ holds the rest: every page is linked from the README,
 * every relative link (and its #anchor) leads somewhere, and the README stays short.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README = join(ROOT, 'README.md');
const DOCS = join(ROOT, 'docs');

/** The pages checked: the README and every Markdown page under docs/. */
const pages = [
  README,
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(DOCS, f)),
];

/** Markdown links `[text](target)` and HTML `src`/`href` attributes, outside code blocks. */
function linksOf(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  const html = [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  return [...links, ...html];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  const headings = readFileSync(file, 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => anchorOf(line.replace(/^#+ /, '')));
  return new Set(headings);
}

describe('README and docs', () => {
  it('keeps the README a short front door (at most 150 lines)', () => {
    const lines = readFileSync(README, 'utf8').trimEnd().split('\n').length;
    assert.ok(lines <= 150, `README.md has ${lines} lines`);
  });

  it('links every docs page from the README', () => {
    const linked = new Set(linksOf(readFileSync(README, 'utf8')).map((l) => l.split('#')[0]));
    for (const page of pages.filter((p) => p !== README)) {
      assert.ok(linked.has(relative(ROOT, page)), `${relative(ROOT, page)} is not linked`);
    }
  });

  for (const page of pages) {
    it(`${relative(ROOT, page)}: every relative link and anchor resolves`, () => {
      for (const link of linksOf(readFileSync(page, 'utf8'))) {
        if (/^[a-z]+:/i.test(link)) continue; // https:, mailto: ...
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? page : resolve(dirname(page), path);
        assert.ok(existsSync(target), `${relative(ROOT, page)}: ${link} does not exist`);
        if (anchor && target.endsWith('.md')) {
          assert.ok(
            anchorsIn(target).has(anchor),
            `${relative(ROOT, page)}: no heading #${anchor} in ${relative(ROOT, target)}`,
          );
        }
      }
    });
  }
});
