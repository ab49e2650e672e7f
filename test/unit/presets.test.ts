// The preset policy (systemd.preset(5)) as list-unit-files' PRESET column reads it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePresetFile, presetFileOrder, presetFor, presetShown } from '../../src/core/presets.js';

test('the first rule that matches decides; no rule: enabled', () => {
  const rules = parsePresetFile('# c\n; c\nenable a.service\ndisable a*\nenable t@.service x y\n');
  assert.equal(presetFor(rules, 'a.service'), 'enable');
  assert.equal(presetFor(rules, 'ab.service'), 'disable');
  assert.equal(presetFor(rules, 'zz.service'), 'enable');
  assert.equal(presetFor(rules, 't@.service'), 'enable');
  assert.equal(presetFor(rules, 't@x.service'), 'enable');
  assert.equal(presetFor(parsePresetFile('enable t@.service x\ndisable *'), 't@z.service'), 'disable', 'an instance not listed');
});

test('"ignore" only where the manager knows it (systemd 254 on); other words are not rules', () => {
  assert.deepEqual(parsePresetFile('ignore a.service\nfoo b.service\ndisable\n', { ignore: false }), []);
  assert.equal(presetFor(parsePresetFile('ignore a.service'), 'a.service'), 'ignore');
});

test('a file name in an earlier folder shadows it in later ones; files read by name', () => {
  const order = presetFileOrder([
    { dir: '/etc/p', names: ['90-x.preset', 'notes.txt'] },
    { dir: '/usr/lib/p', names: ['90-x.preset', '10-y.preset'] },
  ]);
  assert.deepEqual(order, ['/usr/lib/p/10-y.preset', '/etc/p/90-x.preset']);
});

test('no preset shown for static, alias, generated and transient files', () => {
  assert.deepEqual(['enabled', 'disabled', 'static', 'alias', 'masked', 'indirect'].filter(presetShown), ['enabled', 'disabled', 'masked', 'indirect']);
});
