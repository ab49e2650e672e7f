// The mouse's reports and what they land on (pure), and OSC 52's bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { footerSpans, mouseTarget, parseMouse } from '../../src/core/model/mouse.js';
import { osc52 } from '../../src/core/ansi.js';

test('SGR reports: buttons, the wheel, release, drag; anything else is not one', () => {
  assert.deepEqual(parseMouse('\x1b[<0;10;5M'), { button: 'left', x: 10, y: 5, release: false, motion: false });
  assert.deepEqual(parseMouse('[<0;10;5m'), { button: 'left', x: 10, y: 5, release: true, motion: false });
  assert.equal(parseMouse('\x1b[<65;1;1M')!.button, 'wheel-down');
  assert.equal(parseMouse('\x1b[<64;1;1M')!.button, 'wheel-up');
  assert.equal(parseMouse('\x1b[<32;4;4M')!.motion, true);
  assert.equal(parseMouse('\x1b[<16;4;4M')!.button, 'left'); // with Ctrl
  assert.equal(parseMouse('j'), undefined);
  assert.equal(parseMouse('\x1b[A'), undefined);
});

test('what a click lands on: a row (through the window), the list, the detail pane, a footer entry', () => {
  const footer = footerSpans([
    { keys: 'j', label: 'move', command: 'move-down' },
    { keys: '?', label: 'help', command: 'help' },
  ]);
  assert.deepEqual(footer, [{ from: 1, to: 7, command: 'move-down' }, { from: 9, to: 15, command: 'help' }]);
  const g = { listTop: 2, listRows: 5, listStart: 10, rowCount: 12, detailTop: 8, detailRows: 4, footerRow: 14, footer };
  assert.deepEqual(mouseTarget({ x: 3, y: 2 }, g), { kind: 'list' }); // the column header
  assert.deepEqual(mouseTarget({ x: 3, y: 3 }, g), { kind: 'row', index: 10 });
  assert.deepEqual(mouseTarget({ x: 3, y: 4 }, g), { kind: 'row', index: 11 });
  assert.deepEqual(mouseTarget({ x: 3, y: 5 }, g), { kind: 'list' }); // below the last row
  assert.deepEqual(mouseTarget({ x: 3, y: 9 }, g), { kind: 'detail' });
  assert.deepEqual(mouseTarget({ x: 10, y: 14 }, g), { kind: 'footer', command: 'help' });
  assert.deepEqual(mouseTarget({ x: 8, y: 14 }, g), { kind: 'none' });
  assert.deepEqual(mouseTarget({ x: 1, y: 1 }, g), { kind: 'none' });
});

test('OSC 52 carries the text in base64, control characters as the escapes shown on screen', () => {
  assert.equal(osc52('nginx.service'), '\x1b]52;c;bmdpbnguc2VydmljZQ==\x07');
  assert.equal(osc52('a\x1b]0;x\x07b'), `\x1b]52;c;${Buffer.from('a\\e]0;x\\x07b').toString('base64')}\x07`);
});

test('what a click or the wheel does: select, focus, scroll, run a footer entry; nothing in a dialog or on release', async () => {
  const { applyMouse } = await import('../../src/core/model/mouse.js');
  const { initialUi } = await import('../../src/core/model/ui.js');
  const { makeUnitRow } = await import('../../src/core/model/unitRow.js');
  const rows = ['a', 'b', 'c', 'd', 'e'].map((n) => makeUnitRow({ name: `${n}.service`, description: '', loadState: 'loaded', activeState: 'active', subState: 'running' }));
  const ctx = { rows, pageSize: 4, detailLines: 30, detailHeight: 5 };
  const press = (button: 'left' | 'wheel-down' | 'wheel-up', release = false) => ({ button, x: 1, y: 1, release, motion: false });
  const ui = initialUi();
  assert.equal(applyMouse(ui, press('left'), { kind: 'row', index: 3 }, ctx).ui!.selected, 'd.service');
  assert.deepEqual(applyMouse(ui, press('left', true), { kind: 'row', index: 3 }, ctx), {});
  assert.equal(applyMouse(ui, press('wheel-down'), { kind: 'list' }, ctx).ui!.selected, 'd.service');
  const pane = applyMouse(ui, press('left'), { kind: 'detail' }, ctx).ui!;
  assert.deepEqual([pane.mode, pane.focus], ['detail', 'detail']);
  assert.equal(applyMouse(pane, press('wheel-down'), { kind: 'detail' }, ctx).ui!.detailScroll, 3);
  assert.deepEqual(applyMouse(ui, press('left'), { kind: 'footer', command: 'help' }, ctx), { command: 'help' });
  assert.deepEqual(applyMouse({ ...ui, mode: 'help' }, press('left'), { kind: 'row', index: 1 }, ctx), {});
});
