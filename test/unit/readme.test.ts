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
