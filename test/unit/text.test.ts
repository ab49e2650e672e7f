// Text from units and the journal, made safe for the terminal (security issue, item 4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeControl, escapeControlKeepLines, journalMessageText, withPrefix } from '../../src/core/model/text.js';
import { renderAnsi } from '../../src/core/ansi.js';
import { seg } from '../../src/core/model/styled.js';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

test('control characters become visible escapes; other text is untouched', () => {
  assert.equal(escapeControl('plain café ✓'), 'plain café ✓');
  assert.equal(escapeControl('\u001b]52;c;cGF5bG9hZA==\u0007'), '\\e]52;c;cGF5bG9hZA==\\x07');
  assert.equal(escapeControl('a\tb\nc\rd\u007f\u009b'), 'a\\tb\\nc\\rd\\x7f\\x9b');
  assert.equal(escapeControlKeepLines('one\u001b[2J\ntwo'), 'one\\e[2J\ntwo');
});

test('the renderer never sends a control character, with or without colour', () => {
  const line = [seg('● '), seg('unit - \u001b[31mforged\u001b[0m', 'danger')];
  for (const color of [false, true]) {
    const out = renderAnsi(line, color);
    assert.equal(out.replace(/\u001b\[[0-9;]*m/g, '').includes('\u001b'), false, `colour ${color}`);
    assert.match(out, /\\e\[31mforged\\e\[0m/);
  }
});

test('journal messages as journalctl shows them (252): colours and BEL-ended OSC dropped, the rest a blob', () => {
  assert.equal(journalMessageText('plain'), 'plain');
  assert.equal(journalMessageText('tab\there'), 'tab        here');
  assert.equal(journalMessageText(bytes('\u001b[31mred\u001b[0m')), 'red');
  // OSC 0 and the colour go; the clear-screen (not a colour) stays, so the message is a blob of 7 bytes.
  assert.equal(journalMessageText(bytes('\u001b]0;pwned\u0007\u001b[2J\u001b[31mred')), '[7B blob data]');
  assert.equal(journalMessageText(bytes('\u001b')), '[1B blob data]');
  assert.equal(journalMessageText(bytes('bad \xff\xfe utf')), '[10B blob data]');
  assert.equal(journalMessageText(bytes('cr\rhere')), '[7B blob data]');
  assert.equal(journalMessageText(bytes('del\x7fx')), '[5B blob data]');
  assert.equal(journalMessageText(Uint8Array.from(Buffer.from('c1 \u009b x'))), '[7B blob data]');
  // An OSC 8 link ended by ESC \ is not stripped by 252: a blob of all its bytes.
  assert.equal(journalMessageText(bytes('osc \u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\ end')), '[34B blob data]');
  assert.equal(journalMessageText(Uint8Array.from(Buffer.from('café ✓'))), 'café ✓');
});

test('multi-line messages are indented under their prefix, like journalctl', () => {
  assert.equal(withPrefix('P: ', 'first\nsecond'), 'P: first\n   second');
  assert.equal(withPrefix('P: ', 'trailing\n'), 'P: trailing');
});

test('C1 controls and bidirectional overrides: escaped on screen, \\u in JSON, escaped on the clipboard', async () => {
  const { jsonOutput } = await import('../../src/core/model/text.js');
  const { osc52 } = await import('../../src/core/ansi.js');
  const text = 'a\u009b31mb \u202eexe.txt \u2066x\u2069';
  assert.equal(escapeControl(text), 'a\\x9b31mb \\u202eexe.txt \\u2066x\\u2069');
  assert.equal(jsonOutput({ d: text }, 0), '{"d":"a\\u009b31mb \\u202eexe.txt \\u2066x\\u2069"}');
  assert.deepEqual(JSON.parse(jsonOutput({ d: text })), { d: text });
  const copied = Buffer.from(/\]52;c;([^\u0007]*)\u0007/.exec(osc52(text))![1]!, 'base64').toString('utf8');
  assert.equal(copied, 'a\\x9b31mb \\u202eexe.txt \\u2066x\\u2069');
});
