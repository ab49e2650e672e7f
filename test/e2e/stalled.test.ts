// A manager that stops answering (SIGSTOP) looks quiet, not live: the header says "stalled" within
// 5 s, an action is refused at once in words, and it is live again within 5 s of SIGCONT.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand } from '../helpers/tmux.js';

describe('a stalled manager', () => {
  const sandbox = useSandbox({ units: { 'st-run.service': '[Service]\nExecStart=/bin/sleep infinity\n' } });

  test('"stalled" within 5 s of SIGSTOP, actions refused at once, live within 5 s of SIGCONT', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'st-run.service'])).exitCode, 0);
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'st-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb) });
    let stopped = false;
    try {
      await term.waitForScreen((s) => / · live · /.test(s) && /st-run\.service +active \(running\)/.test(s), 'the list');
      process.kill(sb.managerPid, 'SIGSTOP');
      stopped = true;
      const t0 = Date.now();
      await term.waitForScreen((s) => /stalled: the manager does not answer/.test(s), 'stalled in the header', 5_000);
      assert.ok(Date.now() - t0 <= 5_000);
      await term.send('x');
      await term.waitForScreen((s) => s.includes('Stop st-run.service? (y = yes, n/Esc = no)'), 'the question');
      const asked = Date.now();
      await term.send('y');
      await term.waitForScreen((s) => /Stop st-run\.service: not sent — the manager has not answered for \d+ s \(stalled\)/.test(s), 'refused in words', 3_000);
      assert.ok(Date.now() - asked < 3_000, 'at once, not after the call timeout');
      process.kill(sb.managerPid, 'SIGCONT');
      stopped = false;
      await term.waitForScreen((s) => / · live · /.test(s), 'live again', 5_000);
      assert.equal((await sb.systemctl(['is-active', 'st-run.service'])).stdout.trim(), 'active', 'nothing was sent');
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      if (stopped) process.kill(sb.managerPid, 'SIGCONT');
      await term.close();
    }
  });
});
