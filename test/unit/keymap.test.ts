import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BINDINGS, fitFooter, footerEntries, helpSections, keyConflicts, keyName, resolveCommand, splitKeys } from '../../src/core/keymap.js';

test('no two bindings of one mode share a key', () => {
  assert.deepEqual(keyConflicts(), []);
  // and the check itself can fail
  assert.equal(keyConflicts([...BINDINGS, { command: 'start', keys: ['x'], modes: ['list'], description: 'dup' }]).length, 1);
});

test('the issue\'s default keys resolve in the list', () => {
  const expect: Record<string, string> = {
    j: 'move-down', down: 'move-down', k: 'move-up', up: 'move-up', pagedown: 'page-down', pageup: 'page-up', g: 'first', G: 'last',
    '/': 'filter', t: 'cycle-type', a: 'toggle-all', tab: 'focus-next', enter: 'zoom', s: 'start', x: 'stop', r: 'restart', R: 'reload',
    f: 'reset-failed', '+': 'enable', '-': 'disable', n: 'nothing-asked', y: 'nothing-asked', u: 'switch-manager', '?': 'help', q: 'quit', 'ctrl+c': 'interrupt',
  };
  for (const [key, command] of Object.entries(expect)) assert.equal(resolveCommand('list', key), command, key);
  assert.equal(resolveCommand('filter', 'enter'), 'filter-accept');
  assert.equal(resolveCommand('filter', 'esc'), 'filter-clear');
  assert.equal(resolveCommand('filter', 'x'), undefined, 'letters are typed into the filter');
  assert.equal(resolveCommand('confirm', 'y'), 'confirm-yes');
  assert.equal(resolveCommand('confirm', 'n'), 'confirm-no');
  assert.equal(resolveCommand('confirm', 'esc'), 'confirm-no');
  assert.equal(resolveCommand('confirm', 'x'), undefined);
});

test('key names from Ink key events', () => {
  assert.equal(keyName('', { downArrow: true }), 'down');
  assert.equal(keyName('', { return: true }), 'enter');
  assert.equal(keyName('c', { ctrl: true }), 'ctrl+c');
  assert.equal(keyName('G', {}), 'G');
});

test('keys that arrive together are split, with Enter/Esc/Tab/Backspace recognised', () => {
  assert.deepEqual(splitKeys('/ab\rx', {}), [
    { input: '/', key: {} },
    { input: 'a', key: {} },
    { input: 'b', key: {} },
    { input: '', key: { return: true } },
    { input: 'x', key: {} },
  ]);
  assert.deepEqual(splitKeys('a', {}), [{ input: 'a', key: {} }]);
  assert.deepEqual(splitKeys('', { upArrow: true }), [{ input: '', key: { upArrow: true } }]);
});

test('footer and help are generated from the table', () => {
  assert.deepEqual(footerEntries('confirm'), [
    { keys: 'y', label: 'yes', command: 'confirm-yes' },
    { keys: 'n', label: 'no', command: 'confirm-no' },
  ]);
  const narrow = fitFooter(footerEntries('list'), 40).map((e) => `${e.keys} ${e.label}`).join('  ');
  assert.ok(narrow.length <= 40, narrow);
  assert.match(narrow, /\? help {2}q quit$/);
  const list = helpSections().find((s) => s.title === 'Unit list')!;
  assert.ok(list.rows.some((r) => r.keys === 'x' && /Stop the selected unit/.test(r.description)));
  const total = helpSections().reduce((n, s) => n + s.rows.length, 0);
  assert.equal(total, BINDINGS.reduce((n, b) => n + b.modes.length, 0), 'every binding of every mode is in the help');
});

test('a dialog whose flow ended offers no letter answers, and Enter and Esc close it', () => {
  const asking = footerEntries('dialog').map((e) => `${e.keys} ${e.label}`);
  assert.ok(asking.includes('a-z answer'));
  const ended = footerEntries('dialog', undefined, { asking: false }).map((e) => `${e.keys} ${e.label}`);
  assert.ok(!ended.some((e) => e.startsWith('a-z')), ended.join(', '));
  assert.ok(ended.includes('Enter close') && ended.includes('Esc close'), ended.join(', '));
});
