import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlight, seg } from '../../src/core/model/styled.js';
import { renderAnsi } from '../../src/core/ansi.js';

test('search matches get the match tone, in any case, the rest keeps its tone', () => {
  const line = [seg('Active: '), seg('failed (Result: exit-code)', 'danger'), seg(' since FAILED')];
  assert.deepEqual(highlight(line, 'failed'), [seg('Active: '), seg('failed', 'match'), seg(' (Result: exit-code)', 'danger'), seg(' since '), seg('FAILED', 'match')]);
  assert.deepEqual(highlight(line, 'nothing'), line);
  assert.deepEqual(highlight(line, ''), line);
  // Shown inverted on a colour terminal; nothing changes the text itself.
  assert.match(renderAnsi(highlight([seg('a failed b')], 'failed'), true), /\x1b\[7mfailed\x1b\[27m/);
  assert.equal(renderAnsi(highlight([seg('a failed b')], 'failed'), false), 'a failed b');
});
