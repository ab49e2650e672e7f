// End to end: the watch list — w pins a unit first (marked), it is still watched after svctui
// restarts, and when it fails from outside the terminal gets a bell and the status says why.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'w-a.service': '[Unit]\nDescription=First\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'w-z.service': '[Unit]\nDescription=Last by name\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

describe('the watch list', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal | undefined;
  const out = mkdtempSync(join(tmpdir(), 'svctui-watch-'));
  before(async () => {
    assert.equal((await sandbox().systemctl(['start', ...Object.keys(UNITS)])).exitCode, 0);
  });
  after(async () => {
    await term?.close();
    rmSync(out, { recursive: true, force: true });
  });
  const open = async () => {
    const sb = sandbox();
    const t = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'w-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb) });
    await t.waitForScreen((s) => /w-z\.service +active \(running\)/.test(s) && / · live · /.test(s), 'the list');
    return t;
  };

  test('w pins the unit first and marks it; the list is kept for the next start', async () => {
    term = await open();
    await term.send('G');
    await term.waitForScreen((s) => s.includes('── w-z.service'), 'w-z selected');
    await term.send('w');
    const screen = await term.waitForScreen((s) => s.includes('Watching w-z.service'), 'watching');
    const lines = screen.split('\n');
    assert.match(lines[2]!, /^◆w-z\.service/, 'first, marked');
    assert.match(lines[3]!, /^ w-a\.service/);
    const file = join(stateHome(sandbox()), 'svctui', 'watch.json');
    await waitFor(() => existsSync(file), 'the list kept');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    await term.send('q');
    await term.close();
    term = await open();
    assert.match((await term.capture()).split('\n')[2]!, /^◆w-z\.service/, 'still watched after a restart');
  });

  test('a watched unit killed from outside: a bell for the terminal, and the status says how it ended', async () => {
    // w-z watched and running, in an open svctui (whatever ran before).
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'w-z.service', 'w-a.service'])).exitCode, 0);
    if (!term) {
      term = await open();
      if (!/^◆w-z\.service/m.test(await term.capture())) {
        await term.send('G');
        await term.waitForScreen((s) => s.includes('── w-z.service'), 'w-z selected');
        await term.send('w');
        await term.waitForScreen((s) => s.includes('Watching w-z.service'), 'watching');
      }
    }
    await term.send('g');
    await term.waitForScreen((s) => /^◆w-z\.service +active \(running\)/m.test(s) && s.includes('── w-z.service'), 'w-z watched, running, selected');
    const bytes = join(out, 'pane.bytes');
    await term!.tmux('pipe-pane', '-o', '-t', 'main', `cat >> ${bytes}`);
    assert.equal((await sandbox().systemctl(['kill', '--signal=KILL', 'w-z.service'])).exitCode, 0);
    await term!.waitForScreen((s) => s.includes('w-z.service failed: signal (SIGKILL)'), 'the alert on the status line');
    await waitFor(() => existsSync(bytes) && readFileSync(bytes, 'latin1').includes('\x07'), 'the bell');
    // Not watched, not told: w-a killed too says nothing.
    await term!.send('j', 'w');
    await term!.waitForScreen((s) => s.includes('Watching w-a.service'), 'w-a watched');
    await term!.send('w');
    await term!.waitForScreen((s) => s.includes('No longer watching w-a.service'), 'and not');
    assert.equal((await sandbox().systemctl(['kill', '--signal=KILL', 'w-a.service'])).exitCode, 0);
    await term!.waitForScreen((s) => /w-a\.service +failed/.test(s), 'w-a failed');
    assert.doesNotMatch(await term!.capture(), /w-a\.service failed: signal/);
  });
});
