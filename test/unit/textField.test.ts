// Typing, pasting and editing one line (the filter, a dialog's answer), as readline does (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editField, emptyField, fieldParts, type TextEdit } from '../../src/core/model/textField.js';

const apply = (value: string, ...edits: TextEdit[]) => edits.reduce(editField, emptyField(value));
const ins = (text: string): TextEdit => ({ kind: 'insert', text });

test('a paste is one insert, whole; its line breaks become spaces and control bytes go', () => {
  assert.deepEqual(apply('', ins('logger "exit $EXIT_STATUS"')), { value: 'logger "exit $EXIT_STATUS"', cursor: 26 });
  assert.equal(apply('', ins('one\ntwo\r\nthree\x1b[31m\x07')).value, 'one two three');
});

test('cursor movement and editing in the middle', () => {
  assert.deepEqual(apply('abc', { kind: 'left' }, { kind: 'left' }, ins('X')), { value: 'aXbc', cursor: 2 });
  assert.deepEqual(apply('abc', { kind: 'home' }, { kind: 'delete' }), { value: 'bc', cursor: 0 });
  assert.deepEqual(apply('abc', { kind: 'home' }, { kind: 'right' }, { kind: 'backspace' }), { value: 'bc', cursor: 0 });
  assert.deepEqual(apply('abc', { kind: 'home' }, { kind: 'end' }, { kind: 'right' }), { value: 'abc', cursor: 3 });
  assert.deepEqual(apply('日本', { kind: 'left' }, ins('x')), { value: '日x本', cursor: 2 }, 'characters, not UTF-16 units');
});

test('Ctrl-U, Ctrl-W and Ctrl-K as in readline', () => {
  assert.deepEqual(apply('systemctl restart nginx', { kind: 'kill-word' }), { value: 'systemctl restart ', cursor: 18 });
  assert.deepEqual(apply('a b  ', { kind: 'kill-word' }), { value: 'a ', cursor: 2 });
  assert.deepEqual(apply('abc def', { kind: 'left' }, { kind: 'left' }, { kind: 'left' }, { kind: 'kill-to-start' }), { value: 'def', cursor: 0 });
  assert.deepEqual(apply('abc def', { kind: 'home' }, { kind: 'right' }, { kind: 'kill-to-end' }), { value: 'a', cursor: 1 });
});

test('drawn with the cursor on a character, or after the end', () => {
  assert.deepEqual(fieldParts({ value: 'abc', cursor: 1 }), { before: 'a', at: 'b', after: 'c' });
  assert.deepEqual(fieldParts({ value: 'abc', cursor: 3 }), { before: 'abc', at: ' ', after: '' });
});
