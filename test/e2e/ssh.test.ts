// The TUI over -H: the real binary in tmux, its manager behind a real sshd on 127.0.0.1 (the
// project's sandbox as the remote machine). Stop and restart go there; the header names the host.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { after, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { useSshd } from '../helpers/sshd.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'hx-run.service': '[Unit]\nDescription=Runs on the remote host\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

describe('the TUI over -H', () => {
  const sandbox = useSandbox({ units: UNITS });
  const sshd = useSshd();
  let term: Terminal | undefined;
  after(async () => term?.close());
  /** hx-run running there, and the TUI on it over -H. */
  const openRemote = async () => {
    const sb = sandbox();
    const s = sshd();
    assert.equal((await sb.systemctl(['start', 'hx-run.service'])).exitCode, 0);
    const opened = await openTerminal(
      svctuiCommand(['-H', s.destination, '--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'hx-*']),
      { columns: 120, rows: 30 },
      { XDG_STATE_HOME: stateHome(sb), PATH: s.path },
    );
    term = opened; // (closed after the tests, also when one fails)
    return { sb, s, term: opened };
  };

  test('stop and restart a unit on the remote host, then quit', async () => {
    const { sb, s, term } = await openRemote();
    const header = new RegExp(`^svctui · user manager on ${hostname()} \\(ssh\\) · live`, 'm');
    await term.waitForScreen((t) => header.test(t) && /hx-run\.service +active \(running\)/.test(t), 'the remote unit, and the header naming the host', 20_000);
    await term.send('x');
    await term.waitForScreen((t) => t.includes('Stop hx-run.service?'), 'the confirmation');
    await term.send('y');
    await term.waitForScreen((t) => t.includes('Stop hx-run.service: done'), 'stopped, said', 20_000);
    assert.equal((await sb.systemctl(['is-active', 'hx-run.service'])).stdout.trim(), 'inactive');
    // Stopped, systemd collects it (like systemctl list-units, the list then drops it): a shows it.
    await term.send('a');
    await term.waitForScreen((t) => /hx-run\.service +(not loaded|inactive \(dead\)) +SIGTERM +stopped/.test(t), 'the stopped unit, with why', 20_000);
    await term.send('s');
    await term.waitForScreen((t) => t.includes('Start hx-run.service: done') && /hx-run\.service +active \(running\)/.test(t), 'started again', 20_000);
    await term.send('r');
    await term.waitForScreen((t) => t.includes('Restart hx-run.service?'), 'the confirmation');
    await term.send('y');
    await term.waitForScreen((t) => t.includes('Restart hx-run.service: done'), 'restarted', 20_000);
    await waitFor(async () => (await sb.systemctl(['is-active', 'hx-run.service'])).stdout.trim() === 'active', 'hx-run active after the restart');
    // The bus went through the bridge over SSH, and quitting closes the connection.
    assert.match(readFileSync(s.log, 'utf8'), /systemd-stdio-bridge --bus-path=unix:path=/);
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await waitFor(async () => !(await import('node:child_process')).execSync('ps -eo args').toString().includes(`-p ${s.port} -- root@127.0.0.1`), 'no ssh left running after quitting');
  });
  test('a stalled link (the remote bridge SIGSTOPped): "stalled" within 5 s, live within 5 s of SIGCONT', async () => {
    const { sb, term } = await openRemote();
    await term.waitForScreen((t) => / · live · /.test(t) && /hx-run\.service +active \(running\)/.test(t), 'the remote unit', 20_000);
    const { execFileSync } = await import('node:child_process');
    // (No shell in between: its own command line would match too.)
    const bridges = () => execFileSync('pgrep', ['-f', '--', `stdio-bridge --bus-path=${sb.busAddress}`]).toString().split('\n').filter(Boolean).map(Number);
    const pids = bridges();
    assert.ok(pids.length >= 1, 'the bridge runs on that host');
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      await term.waitForScreen((t) => /stalled: the manager does not answer/.test(t), 'stalled in the header', 5_000);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    await term.waitForScreen((t) => / · live · /.test(t), 'live again', 5_000);
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
  });
});
