// The D-Bus adapter against a real manager: reads, jobs with their results, the event stream.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SystemdError, type BusTarget } from '../../src/host/bus.js';
import { Systemd, type SystemdEvent } from '../../src/app/manager.js';
import { useSandbox, waitForState } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { LocalHost } from '../../src/host/local/localHost.js';

const UNITS: Record<string, string> = {
  'a-sleep.service': '[Unit]\nDescription=Sleeps\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'a-fail.service': '[Service]\nType=oneshot\nExecStart=/bin/false\n',
  'a-needs-fail.service': '[Unit]\nRequires=a-fail.service\nAfter=a-fail.service\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'a-never.service': '[Unit]\nDescription=Installed, never started\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=default.target\n',
  // A "vendor" unit (data dir), which can be masked: a mask goes to the config dir.
  '../../../home/.local/share/systemd/user/a-vendor.service': '[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=default.target\n',
  'a-reload.service': '[Service]\nExecStart=/bin/sleep infinity\nExecReload=/bin/true\n',
  'a-noreload.service': '[Service]\nExecStart=/bin/sleep infinity\n',
  'a\\x2db@inst.service': '[Service]\nExecStart=/bin/sleep infinity\n',
};

// Both connections: in this thread (the commands) and in a worker thread (the TUI).
type Open = (target: BusTarget, options?: { timeoutMs?: number }) => Promise<Systemd>;
const CONNECTIONS: [string, Open][] = [
  ['in this thread', (target, options) => Systemd.connect(new LocalHost(), target, options)],
  [
    'in a worker thread',
    async (target, options) => {
      const systemd = Systemd.inWorker(new LocalHost(), target, options);
      await systemd.ready;
      return systemd;
    },
  ],
];

for (const [where, open] of CONNECTIONS)
  describe(`systemd adapter (${where})`, () => {
  const sandbox = useSandbox({ units: UNITS });
  let systemd: Systemd;
  const events: SystemdEvent[] = [];

  before(async () => {
    systemd = await open({ scope: 'user', address: sandbox().busAddress });
    systemd.on('event', (e: SystemdEvent) => events.push(e));
    await systemd.subscribe();
  });
  after(() => systemd?.close());

  test('reads the version and lists loaded units plus unit files that are not loaded', async () => {
    assert.equal(systemd.versionNumber, 252);
    const all = await systemd.listAllUnits();
    const never = all.find((u) => u.name === 'a-never.service');
    assert.deepEqual(
      never && [never.loadState, never.activeState, never.subState, never.unitFileState],
      ['not-loaded', 'inactive', 'dead', 'disabled'],
    );
    assert.ok(all.some((u) => u.name === 'dbus.socket' && u.loadState === 'loaded'));
  });

  test('reads every property of a unit, decoded (bigint timestamps, arrays)', async () => {
    const p = await systemd.unitProperties('a-sleep.service');
    assert.equal(p.Id, 'a-sleep.service');
    assert.equal(p.LoadState, 'loaded');
    assert.equal(typeof p.ActiveEnterTimestamp, 'bigint');
    assert.ok(Array.isArray(p.ExecStart));
    const missing = await systemd.unitProperties('a-missing.service');
    assert.equal(missing.LoadState, 'not-found');
  });

  test('start, reload, restart and stop resolve with the job result', async () => {
    assert.equal(await systemd.runJob('start', 'a-sleep.service'), 'done');
    const pid1 = Number(await systemd.unitProperty('a-sleep.service', 'org.freedesktop.systemd1.Service', 'MainPID'));
    assert.ok(pid1 > 0);
    assert.equal(await systemd.runJob('restart', 'a-sleep.service'), 'done');
    const pid2 = Number(await systemd.unitProperty('a-sleep.service', 'org.freedesktop.systemd1.Service', 'MainPID'));
    assert.ok(pid2 > 0 && pid2 !== pid1, 'restart gave a new main PID');
    assert.equal(await systemd.runJob('start', 'a-reload.service'), 'done');
    assert.equal(await systemd.runJob('reload', 'a-reload.service'), 'done');
    assert.equal(await systemd.runJob('stop', 'a-sleep.service'), 'done');
  });

  test('failed, dependency and invalid results, and errors in words', async () => {
    assert.equal(await systemd.runJob('start', 'a-fail.service'), 'failed');
    assert.equal(await systemd.runJob('start', 'a-needs-fail.service'), 'dependency');
    await systemd.runJob('start', 'a-noreload.service');
    await assert.rejects(systemd.runJob('reload', 'a-noreload.service'), (err: unknown) => {
      assert.ok(err instanceof SystemdError);
      assert.match(err.message, /ReloadUnit\(a-noreload\.service\): .*reload/i);
      return true;
    });
    await systemd.resetFailed('a-fail.service');
    await waitForState(sandbox(), 'a-fail.service', { ActiveState: 'inactive' });
  });

  test('invalid unit names are rejected before any D-Bus call', async () => {
    await assert.rejects(systemd.runJob('start', 'no suffix'), /Invalid unit name "no suffix"/);
    await assert.rejects(systemd.unitProperties('bad/slash.service'), /Invalid unit name/);
  });

  test('unit names that need escaping work end to end', async () => {
    assert.equal(await systemd.runJob('start', 'a\\x2db@inst.service'), 'done');
    const p = await systemd.unitProperties('a\\x2db@inst.service');
    assert.equal(p.ActiveState, 'active');
    await waitFor(() => events.some((e) => e.type === 'properties-changed' && e.unit === 'a\\x2db@inst.service'), 'a PropertiesChanged for the escaped unit');
  });

  test('enable, disable, mask and unmask change the unit file state', async () => {
    const state = async () => (await systemd.listUnitFiles()).find((f) => f.name === 'a-vendor.service')?.state;
    const changes = await systemd.enable(['a-vendor.service']);
    assert.ok(changes.some((c) => c.type === 'symlink'));
    assert.equal(await state(), 'enabled');
    await systemd.disable(['a-vendor.service']);
    assert.equal(await state(), 'disabled');
    await systemd.mask(['a-vendor.service']);
    assert.equal(await state(), 'masked');
    assert.equal((await systemd.unitProperties('a-vendor.service')).LoadState, 'masked');
    await systemd.unmask(['a-vendor.service']);
    assert.equal(await state(), 'disabled');
    await assert.rejects(systemd.mask(['a-never.service']), /MaskUnitFiles: File .*a-never\.service already exists/);
  });

  test('live events for a unit changed by someone else (systemctl), decoded', async () => {
    events.length = 0;
    assert.equal((await sandbox().systemctl(['start', 'a-sleep.service'])).exitCode, 0);
    await waitFor(() => events.some((e) => e.type === 'job-removed' && e.unit === 'a-sleep.service' && e.result === 'done'), 'JobRemoved for a-sleep');
    assert.ok(events.some((e) => e.type === 'job-new' && e.unit === 'a-sleep.service'));
    await waitFor(
      () => events.some((e) => e.type === 'properties-changed' && e.unit === 'a-sleep.service' && e.changed.ActiveState === 'active'),
      'ActiveState=active in PropertiesChanged',
    );
    events.length = 0;
    assert.equal((await sandbox().systemctl(['kill', '--signal=KILL', 'a-sleep.service'])).exitCode, 0);
    const failed = await waitFor(
      () =>
        events.find(
          (e): e is Extract<SystemdEvent, { type: 'properties-changed' }> =>
            e.type === 'properties-changed' && e.unit === 'a-sleep.service' && e.interface === 'org.freedesktop.systemd1.Service' && e.changed.Result === 'signal',
        ),
      'Result=signal',
    );
    assert.equal(failed.changed.ExecMainCode, 2);
    assert.equal(failed.changed.ExecMainStatus, 9);
  });

  test('a daemon-reload shows as reloading true/false, without unit removal churn', async () => {
    events.length = 0;
    await systemd.daemonReload();
    await waitFor(() => events.some((e) => e.type === 'reloading' && !e.active), 'Reloading(false)');
    assert.ok(events.some((e) => e.type === 'reloading' && e.active));
    assert.equal(events.filter((e) => e.type === 'unit-removed' || e.type === 'unit-new').length, 0);
  });

  test('a transient unit (variant arguments) runs and reports its exit', async () => {
    const unit = `a-transient-${where.length}.service`;
    assert.equal(await systemd.startTransient(unit, [{ name: 'ExecStart', signature: 'a(sasb)', value: [['/bin/sh', ['/bin/sh', '-c', 'exit 7'], false]] }, { name: 'RemainAfterExit', signature: 'b', value: true }]), 'done');
    await waitFor(async () => Number(await systemd.unitProperty(unit, 'org.freedesktop.systemd1.Service', 'ExecMainStatus')) === 7, 'the transient unit to exit 7');
  });

  test('PropertiesChanged can be cut down to the properties a view reads', async () => {
    const other = await open({ scope: 'user', address: sandbox().busAddress });
    try {
      const seen: SystemdEvent[] = [];
      other.on('event', (e: SystemdEvent) => seen.push(e));
      other.keepProperties(['ActiveState', 'SubState', 'ExecMainStatus']);
      await other.subscribe();
      assert.equal((await sandbox().systemctl(['restart', 'a-sleep.service'])).exitCode, 0);
      await waitFor(() => seen.some((e) => e.type === 'properties-changed' && e.unit === 'a-sleep.service' && e.changed.ActiveState === 'active'), 'a-sleep active again');
      const changes = seen.filter((e): e is Extract<SystemdEvent, { type: 'properties-changed' }> => e.type === 'properties-changed' && e.unit === 'a-sleep.service');
      assert.ok(changes.some((e) => 'ExecMainStatus' in e.changed));
      assert.deepEqual([...new Set(changes.flatMap((e) => Object.keys(e.changed)))].sort(), ['ActiveState', 'ExecMainStatus', 'SubState']);
    } finally {
      other.close();
    }
  });

  test('after close, calls fail in words at once', async () => {
    const other = await open({ scope: 'user', address: sandbox().busAddress });
    other.close();
    await assert.rejects(other.unitProperties('a-sleep.service'), (err: unknown) => err instanceof SystemdError && err.kind === 'disconnected' && /closed/.test(err.message));
  });
});

for (const [where, open] of CONNECTIONS)
  describe(`connection failures become clear errors (${where})`, () => {
  let dir: string;
  let server: Server;
  const sockets: Socket[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'svctui-hung-'));
    // A peer that accepts the connection and then never says a word.
    server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(join(dir, 'hung.sock'), r));
  });
  after(() => {
    sockets.forEach((s) => s.destroy());
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('no bus at the address', async () => {
    await assert.rejects(open({ scope: 'user', address: 'unix:path=/nonexistent/bus' }), (err: unknown) => {
      assert.ok(err instanceof SystemdError);
      assert.equal(err.kind, 'no-bus');
      assert.match(err.message, /cannot connect to the user bus \(unix:path=\/nonexistent\/bus\): no such socket\. Is a user manager running/);
      return true;
    });
  });

  test('a peer that does not answer becomes a timeout naming what was tried', async () => {
    await assert.rejects(open({ scope: 'system', address: `unix:path=${join(dir, 'hung.sock')}` }, { timeoutMs: 500 }), (err: unknown) => {
      assert.ok(err instanceof SystemdError);
      assert.equal(err.kind, 'timeout');
      assert.match(err.message, /connecting to the system bus \(unix:path=.*hung\.sock\) did not complete within 500 ms/);
      return true;
    });
  });
});
