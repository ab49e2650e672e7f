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
