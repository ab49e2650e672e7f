import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeBusLabel, globToRegExp, mangleUnitName, unescapeBusLabel, unitNameFromPath, unitNameProblem, unitObjectPath } from '../../src/core/names.js';

test('unit names escape into object paths like systemd (reference §2.2)', () => {
  assert.equal(unitObjectPath('demo.service'), '/org/freedesktop/systemd1/unit/demo_2eservice');
  assert.equal(escapeBusLabel('-.slice'), '_2d_2eslice');
  assert.equal(escapeBusLabel('my_app@1.service'), 'my_5fapp_401_2eservice');
  assert.equal(escapeBusLabel('a\\x2db.mount'), 'a_5cx2db_2emount');
  assert.equal(escapeBusLabel('1st.service'), '_31st_2eservice');
  assert.equal(escapeBusLabel(''), '_');
  assert.equal(escapeBusLabel('é.service'), '_c3_a9_2eservice');
});

test('object paths unescape back to the unit name', () => {
  for (const name of ['demo.service', '-.slice', 'my_app@1.service', 'a\\x2db@inst.service', '1st.service', 'é.service']) {
    assert.equal(unescapeBusLabel(escapeBusLabel(name)), name);
    assert.equal(unitNameFromPath(unitObjectPath(name)), name);
  }
  assert.equal(unitNameFromPath('/org/freedesktop/systemd1/job/12'), undefined);
});

test('unit name validation says what is wrong', () => {
  assert.equal(unitNameProblem('ok.service'), undefined);
  assert.equal(unitNameProblem('getty@tty1.service'), undefined);
  assert.equal(unitNameProblem('a\\x2db@inst.service'), undefined);
  assert.match(unitNameProblem('noext')!, /type suffix/);
  assert.match(unitNameProblem('x.bogus')!, /"bogus" is not a unit type/);
  assert.match(unitNameProblem('a b.service')!, /may only contain/);
  assert.match(unitNameProblem('@x.service')!, /may not start with @/);
  assert.match(unitNameProblem('a@b@c.service')!, /@ only once/);
  assert.match(unitNameProblem('')!, /empty/);
  assert.match(unitNameProblem('a'.repeat(300) + '.service')!, /longer than/);
});

test('a name without a type gets .service, like systemctl', () => {
  assert.equal(mangleUnitName('nginx'), 'nginx.service');
  assert.equal(mangleUnitName('nginx.socket'), 'nginx.socket');
  assert.equal(mangleUnitName('foo.bar'), 'foo.bar.service');
});

test('globs match like fnmatch', () => {
  assert.ok(globToRegExp('o-ex*').test('o-exit3.service'));
  assert.ok(!globToRegExp('o-ex*').test('xo-exit3.service'));
  assert.ok(globToRegExp('o-?ore.service').test('o-core.service'));
  assert.ok(globToRegExp('[ab]*.timer').test('b-x.timer'));
  assert.ok(!globToRegExp('[!ab]*.timer').test('b-x.timer'));
  assert.ok(globToRegExp('a.b').test('a.b') && !globToRegExp('a.b').test('axb'));
});

test('a pattern that cannot be matched is said in words, before anything connects', async () => {
  const { globProblem, globToRegExp, PatternError } = await import('../../src/core/names.js');
  assert.equal(globProblem('[a-z]*'), undefined);
  assert.equal(globProblem('[z-a]*'), 'the range z-a is out of order (write a-z)');
  assert.throws(() => globToRegExp('[z-a]*'), PatternError);
});
