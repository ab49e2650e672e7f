// svctui as an administrator meets it: in a terminal, through a real `ssh -t` session (a loopback
// sshd started by the test, its own keys), the remote side running svctui on its user manager. A
// paste goes into the wizard whole, stop and restart work, a resize redraws, and quitting gives
// the terminal back.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { SVCTUI_BIN, stateHome, useSandbox } from '../helpers/sandbox.js';
import { useSshd } from '../helpers/sshd.js';
import { openTerminal, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'ssh-web.service': '[Unit]\nDescription=Served over SSH\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('svctui through ssh -t', () => {
  const sandbox = useSandbox({ units: UNITS });
  const sshd = useSshd();
  let term: Terminal | undefined;
  after(async () => term?.close());

  test('paste into the wizard, stop and restart, resize, quit: the terminal is restored', async () => {
    const sb = sandbox();
    const s = sshd();
    assert.equal((await sb.systemctl(['start', 'ssh-web.service'])).exitCode, 0);
    // The remote command: what an administrator types after ssh -t (ssh passes TERM, not the rest).
    const remote = ['env', `XDG_STATE_HOME=${stateHome(sb)}`, process.execPath, SVCTUI_BIN, '--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'ssh-*'].map(q).join(' ');
    term = await openTerminal(`ssh -t -p ${s.port} root@127.0.0.1 ${q(remote)}`, { columns: 100, rows: 30 }, { PATH: s.path });
    await term.waitForScreen((t) => / · live · /.test(t) && /ssh-web\.service +active \(running\)/.test(t), 'svctui over ssh', 20_000);

    // A pasted command arrives whole (bracketed paste through the ssh pty).
    await term.send('h');
    await term.waitForScreen((t) => flat(t).includes('What now: [a]ttach a handler'), 'the wizard');
    await term.send('a');
    await term.waitForScreen((t) => flat(t).includes('What to run:'), 'what to run');
    await term.send('s');
    await term.waitForScreen((t) => flat(t).includes('The command (a shell line;'), 'the command question');
    await term.paste('logger -t ssh-web "exit $EXIT_STATUS"');
    await term.waitForScreen((t) => flat(t).includes('are set): logger -t ssh-web "exit $EXIT_STATUS"'), 'the whole command in the field');
    await term.send('Escape');
    await term.waitForScreen((t) => flat(t).includes('Cancelled. Nothing was changed.'), 'cancelled');
    await term.send('Enter');
    await term.waitForScreen((t) => t.includes(' UNIT '), 'the list again');

    // Stop and restart.
    await term.send('x');
    await term.waitForScreen((t) => t.includes('Stop ssh-web.service?'), 'the confirmation');
    await term.send('y');
    await term.waitForScreen((t) => t.includes('Stop ssh-web.service: done'), 'stopped', 20_000);
    assert.equal((await sb.systemctl(['is-active', 'ssh-web.service'])).stdout.trim(), 'inactive');
    await term.send('a');
    await term.waitForScreen((t) => /ssh-web\.service +(not loaded|inactive \(dead\)) +SIGTERM +stopped/.test(t), 'the stopped unit, with why');
    await term.send('s');
    await term.waitForScreen((t) => t.includes('Start ssh-web.service: done'), 'started', 20_000);
    await term.send('r');
    await term.waitForScreen((t) => t.includes('Restart ssh-web.service?'), 'the confirmation');
    await term.send('y');
    await term.waitForScreen((t) => t.includes('Restart ssh-web.service: done'), 'restarted', 20_000);
    await waitFor(async () => (await sb.systemctl(['is-active', 'ssh-web.service'])).stdout.trim() === 'active', 'active after the restart');

    // A resize reaches svctui through ssh: the whole screen at the new size, the footer on its last row.
    await term.resize(80, 24);
    await term.waitForScreen((t) => {
      const rows = t.split('\n');
      return rows.length >= 24 && /q quit$/.test(rows[23]!) && rows.every((r) => r.length <= 80);
    }, 'the screen at 80x24');

    await term.send('q');
    const end = await term.waitForExit(20_000);
    assert.equal(end.status, 0);
    assert.equal(end.alternateScreen, false, 'the terminal is back from the alternate screen');
    await term.close();
    term = undefined;
  });
});
