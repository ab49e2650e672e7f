// The verb oracle on the system manager (a box: PID 1 of its own namespaces, polkit): svctui's
// exit status, output and resulting state equal systemctl's on twin units, as root and as a user
// polkit refuses (--no-ask-password).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { svctuiInBox, useSystemBox } from '../helpers/systemBox.js';
import { CASES, prepare, state, twin, UNITS } from '../helpers/verbCases.js';
import type { SystemBox } from '../../src/host/sandbox/systemBox.js';

const asSystemctl = (box: SystemBox, user?: string) => ({
  systemctl: (args: string[]) => box.exec(['systemctl', '--no-pager', ...args], user ? { user } : {}),
});

// A sample of the user manager's cases: one per verb.
const SAMPLE = CASES.filter((c, i) => CASES.findIndex((d) => d.verb[0] === c.verb[0]) === i || c.kind === 'missing');

describe('the systemctl verbs on the system manager', () => {
  const box = useSystemBox({ units: UNITS });

  for (const c of SAMPLE) {
    test(`as root: ${c.verb.join(' ')} ${c.kind} (${c.setup})${c.after ? ` ${c.after.join(' ')}` : ''}`, async () => {
      const b = box();
      const root = asSystemctl(b);
      const [ua, ub] = [twin(c.kind, 'a'), twin(c.kind, 'b')];
      if (c.kind !== 'missing') await prepare(root, [ua, ub], c.setup);
      const theirs = await root.systemctl([...c.verb, ua, ...(c.after ?? [])]);
      const ours = await svctuiInBox(b, [...c.verb, ub, ...(c.after ?? [])]);
      const what = `systemctl said ${JSON.stringify(theirs.stdout + theirs.stderr)}; svctui said ${JSON.stringify(ours.stdout + ours.stderr)}`;
      assert.equal(ours.exitCode, theirs.exitCode, `exit status (${what})`);
      if (c.verb[0]!.startsWith('is-')) assert.equal(ours.stdout.trim(), theirs.stdout.trim(), 'what it prints');
      assert.equal(await state(root, ub), await state(root, ua), `the resulting state (${what})`);
    });
  }

  for (const verb of ['start', 'stop', 'enable', 'kill']) {
    test(`as a user polkit refuses, --no-ask-password: ${verb}`, async () => {
      const b = box();
      const root = asSystemctl(b);
      const [ua, ub] = [twin('run', 'a'), twin('run', 'b')];
      await prepare(root, [ua, ub], verb === 'start' || verb === 'enable' ? 'stopped' : 'running');
      const theirs = await asSystemctl(b, 'alice').systemctl(['--no-ask-password', verb, ua]);
      const ours = await svctuiInBox(b, ['--no-ask-password', verb, ub], { user: 'alice' });
      const what = `systemctl said ${JSON.stringify(theirs.stdout + theirs.stderr)}; svctui said ${JSON.stringify(ours.stdout + ours.stderr)}`;
      assert.notEqual(theirs.exitCode, 0, 'systemctl was refused');
      assert.equal(ours.exitCode, theirs.exitCode, `exit status (${what})`);
      assert.match(ours.stderr, /\S/, 'the refusal in words');
      assert.equal(await state(root, ub), await state(root, ua), `the resulting state (${what})`);
    });
  }
});
