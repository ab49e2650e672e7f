// The whole App on a fake Host (no root, no systemd): fast checks of what the screen shows for the
// manager's answers and signals. The same flows against real systemd are in app.test.tsx and e2e.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Systemd } from '../../src/app/manager.js';
import { LiveUnits } from '../../src/app/live.js';
import { RunHistory } from '../../src/app/runHistory.js';
import { App } from '../../src/tui/App.js';
import { FakeHost, invocationBytes } from '../helpers/fakeHost.js';
import { lines, renderAt, type Harness } from './harness.js';
import { JOURNAL_REREAD_MS } from '../../src/tui/useUnitStatus.js';

describe('App on a fake host', () => {
  const host = new FakeHost();
  let live: LiveUnits;
  let h: Harness;

  before(async () => {
    host.manager.unit('web.service', { Description: 'The web server', ActiveState: 'active', SubState: 'running', InvocationID: invocationBytes(1) });
    host.manager.unit('db.service', { Description: 'The database', ActiveState: 'failed', SubState: 'failed', Result: 'exit-code', ExecMainCode: 1, ExecMainStatus: 3, InvocationID: invocationBytes(2) });
    live = new LiveUnits(await Systemd.connect(host, { scope: 'system' }), new RunHistory('system', false));
    await live.start();
    void live.loadBackground();
    h = renderAt(<App live={live} journal={{ host }} managerLabel="system manager" host="fakehost" onSwitchManager={async () => ({ ok: false, text: 'no' })} />, { columns: 80, rows: 24 });
  });
  after(() => {
    h?.unmount();
    live?.close();
  });

  test('the rows, with why db.service stopped', async () => {
    const frame = await h.waitFor((f) => /db\.service +failed +3 +exit-code/.test(f) && /web\.service +active \(running\) +- +-/.test(f), 'both rows with their facts');
    assert.equal(lines(frame)[0], 'svctui · system on fakehost · live · 1 failed 1 running 0 inactive · services');
  });

  test('j, x, y: web.service is stopped by request, said and shown', async () => {
    h.press('j');
    await h.waitFor((f) => f.includes('── web.service'), 'web.service selected');
    h.press('x');
    await h.waitFor((f) => f.includes('Stop web.service? (y = yes, n/Esc = no)'), 'the confirmation');
    h.press('y');
    await h.waitFor((f) => f.includes('Stop web.service: done') && /web\.service +inactive \(dead\) +SIGTERM +stopped/.test(f), 'stopped on screen');
    assert.deepEqual(host.manager.calls.filter((c) => /^(Start|Stop|Restart)Unit/.test(c)), ['StopUnit(web.service)']);
  });
});

describe('the followed journal on a fake host', () => {
  const host = new FakeHost();
  let live: LiveUnits;
  let h: Harness;
  const entry = (message: string, cursor: string) =>
    JSON.stringify({ MESSAGE: message, __CURSOR: cursor, __REALTIME_TIMESTAMP: '1700000000000000', __MONOTONIC_TIMESTAMP: '1', _BOOT_ID: host.identity.bootId, _HOSTNAME: 'fakehost', SYSLOG_IDENTIFIER: 'web', _PID: '7' }) + '\n';

  before(async () => {
    host.manager.unit('web.service', { Description: 'The web server', ActiveState: 'active', SubState: 'running', InvocationID: invocationBytes(1) });
    host.tools.set('journalctl', (args) => (args.includes('_SYSTEMD_UNIT=web.service') ? { stdout: entry('ready', 's=1') } : {}));
    live = new LiveUnits(await Systemd.connect(host, { scope: 'system' }), new RunHistory('system', false));
    await live.start();
    h = renderAt(<App live={live} journal={{ host }} managerLabel="system manager" host="fakehost" onSwitchManager={async () => ({ ok: false, text: 'no' })} />, { columns: 100, rows: 30 });
  });
  after(() => {
    h?.unmount();
    live?.close();
  });

  test('a unit that restarts keeps its one journalctl -f; each line is shown once', async () => {
    const tails = () => host.ran.filter((a) => a[0] === 'journalctl' && a.includes('_SYSTEMD_UNIT=web.service')).length;
    const running = () => host.followers.filter((f) => !f.stopped);
    await h.waitFor((f) => /web\[7\]: ready/.test(f), 'the tail of web.service');
    await waitUntil(() => running().length === 1, 'journalctl -f started after the tail');
    const restart = async (n: number) => {
      h.press('r');
      await h.waitFor((f) => f.includes('Restart web.service?'), 'the confirmation');
      h.press('y');
      await h.waitFor((f) => f.includes('Restart web.service: done'), `restart ${n} done`);
      h.press('\x1b');
    };
    await restart(1);
    await restart(2);
    // Past the time a changed unit's journal would be read again (and a new follower started).
    const since = Date.now();
    await waitUntil(() => Date.now() - since > JOURNAL_REREAD_MS + 300, 'the re-read window to pass');
    assert.equal(tails(), 1, 'the tail was read once: later lines come from the follower');
    assert.equal(host.followers.length, 1, 'one journalctl -f for the selection');
    assert.equal(running().length, 1);
    running()[0]!.onText(entry('poked', 's=2'));
    const frame = await h.waitFor((f) => /web\[7\]: poked/.test(f), 'the followed line');
    assert.equal(frame.match(/web\[7\]: ready/g)?.length, 1, 'the tail line once');
    assert.equal(frame.match(/web\[7\]: poked/g)?.length, 1, 'the followed line once');
  });
});

async function waitUntil(probe: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
