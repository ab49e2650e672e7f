// The README says what the program does: its Keys section is the keymap's help, its usage the
// command table's (regenerate the keys with: node --import tsx scripts/readme-keys.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { keysMarkdown } from '../../src/core/keymap.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('the README\'s Keys section matches the help screen', () => {
  const m = /<!-- keys:begin[^>]*-->\n([\s\S]*?)\n<!-- keys:end -->/.exec(readme);
  assert.ok(m, 'the keys markers');
  assert.equal(m[1], keysMarkdown());
});

test('the README\'s example config.toml is valid and makes no conflict', async () => {
  const { readFileSync } = await import('node:fs');
  const { parseConfig, bindingsWith } = await import('../../src/core/config.js');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /```toml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'the README has a toml example');
  const r = parseConfig(block, 'README');
  assert.deepEqual([r.errors, bindingsWith(r.config.keys).conflicts], [[], []]);
});

test("the README's sample screens are the demo's own, written by scripts/readme-screens.ts", () => {
  for (const name of ['tui', 'list']) {
    const m = new RegExp(`<!-- screen:${name} \\(generated from the demo by scripts/readme-screens\\.ts\\) -->\\n\`\`\`\\n\\$ ([^\\n]+)\\n([\\s\\S]*?)\\n\`\`\`\\n<!-- screen:${name}:end -->`).exec(readme);
    assert.ok(m, `the ${name} sample, between its markers`);
    assert.match(m[2]!, /demo-coredump\.service/, 'the demo as it showed');
  }
  // No sample of svctui's screens outside the generated blocks (a hand-written one goes stale).
  const outside = readme.replace(/<!-- screen:(\w+) \(generated[\s\S]*?<!-- screen:\1:end -->/g, '');
  assert.doesNotMatch(outside, /^svctui · /m);
  assert.doesNotMatch(outside, /^ ?UNIT +(STATE|LOAD) /m);
});
