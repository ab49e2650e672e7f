// The verb oracle on the system manager (a box: PID 1 of its own namespaces, polkit): svctui's
// exit status, output and resulting state equal systemctl's on twin units, as root and as a user
// polkit refuses (--no-ask-password).
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { svctuiInBox, useSystemBox } from '../helpers/systemBox.js';
import { normalized } from '../helpers/showLines.js';
import { CASES, prepare, state, twin, UNITS } from '../helpers/verbCases.js';
import type { SystemBox } from '../../src/host/sandbox/systemBox.js';

const asSystemctl = (box: SystemBox, user?: string) => ({
  systemctl: (args: string[]) => box.exec(['systemctl', '--no-pager', ...args], user ? { user } : {}),
});

// A sample of the user manager's cases: one per verb.
const SAMPLE = CASES.filter((c, i) => CASES.findIndex((d) => d.verb[0] === c.verb[0]) === i || c.kind === 'missing');

// Unit files in every enablement state, for list-unit-files and its PRESET column.
const INSTALL = '[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=multi-user.target\n';
const FILE_UNITS = {
  'luf-on.service': INSTALL,
  'luf-off.service': INSTALL,
  'luf-ign.service': INSTALL,
  'luf-other.service': INSTALL,
  'luf-static.service': '[Service]\nExecStart=/bin/true\n',
  'luf-tpl@.service': INSTALL,
  'luf-al.service': `${INSTALL}Alias=luf-alias.service\n`,
  'luf-masked.service': INSTALL,
  'luf.timer': '[Timer]\nOnCalendar=daily\n\n[Install]\nWantedBy=timers.target\n',
};

describe('the systemctl verbs on the system manager', () => {
  const box = useSystemBox({ units: { ...UNITS, ...FILE_UNITS } });

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

  test('list-unit-files: the lines and exit status of systemctl list-unit-files, presets read in the box', async () => {
    const b = box();
    const root = asSystemctl(b);
    for (const args of [['enable', 'luf-on.service', 'luf-al.service', 'luf-tpl@x.service'], ['mask', '--runtime', 'luf-masked.service']]) {
      const r = await root.systemctl(args);
      assert.equal(r.exitCode, 0, `systemctl ${args.join(' ')}: ${r.stderr}`);
    }
    mkdirSync(`${b.root}/etc/systemd/system-preset`, { recursive: true });
    writeFileSync(
      `${b.root}/etc/systemd/system-preset/10-svctui-test.preset`,
      '# the test\nenable luf-on.service\ndisable luf-off.service\n  ; also a comment\nenable luf-tpl@.service a b\nnot-a-verb luf-other.service\nignore luf-ign.service\ndisable luf-*\n',
    );
    const compare = async (args: string[]) => {
      const theirs = await root.systemctl(['list-unit-files', ...args]);
      const ours = await svctuiInBox(b, ['list-unit-files', ...args]);
      assert.equal(ours.stdout, theirs.stdout, `list-unit-files ${args.join(' ')}: what it prints`);
      assert.equal(ours.exitCode, theirs.exitCode, `list-unit-files ${args.join(' ')}: exit status (systemctl said ${JSON.stringify(theirs.stderr)})`);
    };
    for (const args of [[], ['luf*'], ['--state=enabled,masked-runtime,alias'], ['-t', 'timer'], ['--type=service', 'luf-*'], ['nothing-is-called-this*']]) await compare(args);
    // A file of the same name earlier in the search path shadows it; one linked to /dev/null masks it.
    mkdirSync(`${b.root}/run/systemd/system-preset`, { recursive: true });
    symlinkSync('/dev/null', `${b.root}/run/systemd/system-preset/90-systemd.preset`);
    writeFileSync(`${b.root}/run/systemd/system-preset/10-svctui-test.preset`, 'disable luf-on.service\n');
    for (const args of [['luf*'], ['*.target']]) await compare(args);
  });

  test('show: the lines of systemctl show for the box\'s own units (sandboxing, capabilities, limits) and its manager', async () => {
    const b = box();
    const root = asSystemctl(b);
    // (Values that move by themselves are compared by name: memory, CPU time, counters.)
    const moving = /^(Memory(Current|Available|Peak)|CPUUsageNSec|TasksCurrent|IO\w+(Bytes|Operations)|IP(Ingress|Egress)\w+|N(Jobs|InstalledJobs|FailedJobs|Names)|ControlGroupId|WatchdogTimestamp(Monotonic)?)=/;
    const comparable = (text: string) => text.replace(/\n$/, '').split('\n').map(normalized(moving));
    for (const args of [['systemd-journald.service'], ['systemd-journald.socket', 'dbus.service', 'polkit.service'], ['luf-on.service', 'luf-masked.service', 'luf.timer'], ['sshd.service', 'systemd-logind.service'], []]) {
      const theirs = await root.systemctl(['show', ...args]);
      const ours = await svctuiInBox(b, ['show', ...args]);
      assert.deepEqual(comparable(ours.stdout), comparable(theirs.stdout), `show ${args.join(' ')}`);
      assert.equal(ours.exitCode, theirs.exitCode, `show ${args.join(' ')}: exit status`);
    }
  });
});
