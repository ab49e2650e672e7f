// Every svctui command the README shows parses as printed (the command line's own checks pass):
// a renamed option or command cannot leave the README behind.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCommandLine } from '../../src/cli/main.js';

/** Shell words of a command line (quotes kept together, a trailing comment dropped). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.replace(/\s{2,}#.*$/, '').matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

test("the README's commands parse as printed", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const lines = blocks.flatMap((b) => b.split('\n')).filter((l) => /^(npx svctui|node_modules\/\.bin\/node bin\/svctui|svctui) /.test(l));
  assert.ok(lines.length >= 20, `${lines.length} commands found`);
  for (const line of lines) {
    const argv = words(line).slice(line.startsWith('node_modules') ? 2 : line.startsWith('npx') ? 2 : 1);
    assert.doesNotThrow(() => parseCommandLine(argv), line);
  }
});
