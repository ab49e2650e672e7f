// One table printer, measured in terminal cells (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitCells, truncateCells } from '../../src/core/cells.js';
import { cell, tableLines, tableText } from '../../src/core/table.js';
import { lineText } from '../../src/core/model/styled.js';

test('columns line up in cells: CJK and emoji are two cells wide, combining marks none', () => {
  const lines = tableText(['UNIT', 'DESCRIPTION'], [['a.service', 'plain'], ['日本.service', 'wide'], ['🚀.service', 'emoji'], ['é.service', 'combining']]);
  assert.deepEqual(lines, ['UNIT         DESCRIPTION', 'a.service    plain', '日本.service wide', '🚀.service   emoji', 'é.service    combining']);
});

test('cutting never splits a wide character, and says it cut', () => {
  assert.equal(truncateCells('日本語のサービス', 7), '日本語…');
  assert.equal(truncateCells('short', 10), 'short');
  assert.equal(fitCells('日本語', 5), '日本…');
  assert.equal(fitCells('ab', 4), 'ab  ');
});

test('marks, indent, tones, and a width the lines are cut to', () => {
  const lines = tableLines(['A', 'B'], [[cell('x', 'danger'), cell('long text here')], [cell('y'), cell('z')]], { indent: '  ', marks: ['> ', undefined], maxWidth: 10 });
  assert.deepEqual(lines.map(lineText), ['  A B', '> x long …', '  y z']);
  assert.equal(lines[1]!.find((s) => s.text.startsWith('x'))?.tone, 'danger');
});
