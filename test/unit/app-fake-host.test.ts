// The app layer against a fake Host (no root, no systemd): what the services do with a host's
// answers — live rows from signals, an edit written with exact modes and validated by the host's
// own tool, an executable in a folder another user owns refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Systemd } from '../../src/app/manager.js';
import { LiveUnits } from '../../src/app/live.js';
import { editUnit } from '../../src/app/editFlow.js';
import { checkExecutable } from '../../src/app/handlers.js';
import { followUnitJournal } from '../../src/app/journal.js';
import type { Prompter } from '../../src/app/prompter.js';
import { visibleRows } from '../../src/core/model/units.js';
import { FakeHost, invocationBytes } from '../helpers/fakeHost.js';
import { waitFor } from '../helpers/wait.js';

const connect = (host: FakeHost) => Systemd.connect(host, { scope: 'system' });

/** Answers in order; what was said is kept. */
function scripted(answers: string[]): Prompter & { said: string[] } {
  const said: string[] = [];
  return {
    said,
    say: (t) => void said.push(t),
    ask: async (q, _choices, fallback) => {
      said.push(q);
      return answers.shift() ?? fallback;
    },
    pause: async () => {},
    close: () => {},
  };
}

test('live rows follow the manager\'s signals: a stop by request is "stopped", with the exit', async () => {
  const host = new FakeHost();
  host.manager.unit('web.service', { ActiveState: 'active', SubState: 'running', InvocationID: invocationBytes(7) });
  const live = await LiveUnits.open(await connect(host));
  try {
    const all = { type: 'all', text: '', all: false } as const;
    // As the TUI does for the rows on screen: their runtime facts are read.
    live.wantFacts(['web.service']);
    await waitFor(async () => visibleRows(live.state, all)[0]?.stopReason === '-', 'the facts read');
    assert.deepEqual(visibleRows(live.state, all).map((r) => [r.name, r.active, r.sub]), [['web.service', 'active', 'running']]);
    assert.equal(await live.runAction('stop', 'web.service').then((o) => o.text), 'Stop web.service: done');
    await waitFor(async () => visibleRows(live.state, all)[0]?.stopReason === 'stopped', `the row says stopped (${JSON.stringify(visibleRows(live.state, all)[0], (_k, v) => (typeof v === "bigint" ? String(v) : v))})`, 2000);
    const row = visibleRows(live.state, all)[0]!;
    assert.deepEqual([row.active, row.sub, row.lastExit, row.stopReason], ['inactive', 'dead', 'SIGTERM', 'stopped']);
    assert.deepEqual(host.manager.calls.filter((c) => c.startsWith('StopUnit')), ['StopUnit(web.service)']);
  } finally {
    live.close();
  }
});

test('a unit loaded again while its first read is on the way is read again (UnitNew stands for the changes before it)', async () => {
  const host = new FakeHost();
  host.manager.unit('anchor.service', { ActiveState: 'active', SubState: 'running' });
  const live = await LiveUnits.open(await connect(host));
  const path = '/org/freedesktop/systemd1/unit/late_2eservice';
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let reads = 0;
  try {
    const all = { type: 'all', text: '', all: false } as const;
    host.manager.getAllGate = (unit) => (unit === 'late.service' && ++reads === 1 ? held : Promise.resolve());
    // Loaded (someone looked at it): svctui reads it, and systemd answers "inactive"…
    host.manager.unit('late.service', { ActiveState: 'inactive', SubState: 'dead' });
    host.manager.managerSignal('UnitNew', ['late.service', path]);
    await waitFor(async () => reads === 1, 'the first read asked');
    // …then it is collected and loaded again by a start. systemd sends a new unit's first changes
    // as UnitNew alone (no PropertiesChanged): only a second read can see it running.
    host.manager.managerSignal('UnitRemoved', ['late.service', path]);
    Object.assign(host.manager.units.get('late.service')!, { ActiveState: 'active', SubState: 'running' });
    host.manager.managerSignal('UnitNew', ['late.service', path]);
    await new Promise((r) => setImmediate(r));
    release();
    await waitFor(async () => visibleRows(live.state, all).find((r) => r.name === 'late.service')?.active === 'active', 'late.service shown active', 2000);
    assert.equal(reads, 2);
  } catch (e) {
    const late = live.state.units.get('late.service');
    throw new Error(`${(e as Error).message}; it is ${late?.activeState}/${late?.subState} after ${reads} read(s)`);
  } finally {
    live.close();
  }
});

test('an edit is written on the host with exact modes, after the host\'s systemd-analyze found nothing', async () => {
  const host = new FakeHost();
  host.manager.unit('app.service', { FragmentPath: '/lib/systemd/system/app.service', DropInPaths: [] });
  host.files.put('/lib/systemd/system/app.service', '[Service]\nExecStart=/bin/app\n');
  host.files.dir('/etc/systemd/system');
  const verified: string[][] = [];
  host.tools.set('systemd-analyze', (args) => (verified.push(args), { exitCode: 0 }));
  const prompt = scripted([]);
  const code = await editUnit(await connect(host), { unit: 'app', full: false, runtime: false, manager: 'fake', text: '[Service]\nNice=5\n' }, prompt);
  assert.equal(code, 0, prompt.said.join('\n'));
  const dropIn = '/etc/systemd/system/app.service.d/override.conf';
  assert.equal(host.files.text(dropIn), '[Service]\nNice=5\n');
  assert.equal(host.files.mode(dropIn), 0o644);
  assert.equal(host.files.mode('/etc/systemd/system/app.service.d'), 0o755);
  assert.equal(verified.length, 1);
  assert.match(verified[0]!.join(' '), /^verify \/tmp\/svctui-verify-\d+\/app\.service$/);
  assert.ok(host.manager.calls.includes('Reload'), 'the manager reloaded');
});

test('a finding of the host\'s systemd-analyze stops the edit; discarding writes nothing', async () => {
  const host = new FakeHost();
  host.manager.unit('app.service', { FragmentPath: '/lib/systemd/system/app.service', DropInPaths: [] });
  host.files.put('/lib/systemd/system/app.service', '[Service]\nExecStart=/bin/app\n');
  host.tools.set('systemd-analyze', () => ({ exitCode: 0, stderr: "/tmp/x/app.service.d/override.conf:2: Unknown key 'Nope' in section [Service], ignoring.\n" }));
  const prompt = scripted(['discard']);
  const code = await editUnit(await connect(host), { unit: 'app', full: false, runtime: false, manager: 'fake', text: '[Service]\nNope=1\n' }, prompt);
  assert.equal(code, 1);
  assert.ok(prompt.said.some((l) => /Unknown key 'Nope'/.test(l)));
  assert.equal(host.files.text('/etc/systemd/system/app.service.d/override.conf'), undefined);
  assert.ok(!host.manager.calls.includes('Reload'));
});

test('an executable under a folder another user owns is refused; through a link, the real path is judged', async () => {
  const host = new FakeHost();
  host.files.dir('/home/alice', { uid: 1000, mode: 0o755 });
  host.files.put('/home/alice/hook.sh', '#!/bin/sh\n', { uid: 0, mode: 0o755 });
  host.files.put('/usr/local/bin/ok.sh', '#!/bin/sh\n', { mode: 0o755 });
  host.files.link('/usr/local/bin/via-alice', '/home/alice/hook.sh');
  const bad = await checkExecutable(host, '/usr/local/bin/via-alice');
  assert.equal(bad.resolved, '/home/alice/hook.sh');
  assert.deepEqual(bad.problems, ['/home/alice belongs to uid 1000, who could change what is in it; it must belong to root']);
  assert.deepEqual(await checkExecutable(host, '/usr/local/bin/ok.sh'), { resolved: '/usr/local/bin/ok.sh', problems: [] });
});

test('the journal is followed after the tail\'s cursor; lines split across writes come whole', async () => {
  const host = new FakeHost();
  const seen: string[][] = [];
  const f = followUnitJournal({ host }, { unit: 'web.service', scope: 'system', afterCursor: 's=abc' }, (entries) => seen.push(entries.map((e) => e.message)));
  const follower = host.followers[0]!;
  assert.deepEqual(follower.args.slice(0, 7), ['journalctl', '-f', '-o', 'json', '--no-pager', '-q', '--after-cursor=s=abc']);
  assert.ok(follower.args.includes('_SYSTEMD_UNIT=web.service'));
  const line = (m: string) => JSON.stringify({ MESSAGE: m, __REALTIME_TIMESTAMP: '1', __MONOTONIC_TIMESTAMP: '1', _HOSTNAME: 'h', SYSLOG_IDENTIFIER: 'web' }) + '\n';
  const two = line('one') + line('two');
  follower.onText(two.slice(0, 30));
  follower.onText(two.slice(30));
  assert.deepEqual(seen, [['one', 'two']]);
  f.stop();
  assert.equal(follower.stopped, true);
});
