// End to end: the detail pane's journal — o opens it in journalctl's own pager (here a stand-in
// that keeps what it was given) and comes back to the same unit; / n N search the pane.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stateHome, useSandbox, waitForState } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'j-talk.service': '[Unit]\nDescription=Says things\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

describe('the journal in the detail pane', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal;
  const dir = mkdtempSync(join(tmpdir(), 'svctui-pager-'));
  const paged = join(dir, 'paged.txt');

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'j-talk.service'])).exitCode, 0);
    await waitForState(sb, 'j-talk.service', { SubState: 'running' });
    // journalctl runs the pager itself; this one keeps its input and ends at once.
    const pager = join(dir, 'pager');
    writeFileSync(pager, `#!/bin/sh\ncat > ${paged}\n`, { mode: 0o755 });
    term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'j-*']), { columns: 120, rows: 40 }, {
      XDG_STATE_HOME: stateHome(sb),
      SYSTEMD_PAGER: pager,
      SYSTEMD_PAGERSECURE: '0',
    });
    // (The user-manager sandbox's journal has the manager's lines about a unit, not its output.)
    await term.waitForScreen((s) => s.includes('── j-talk.service') && /systemd\[\d+\]: Started j-talk\.service - Says things\./.test(s), 'the unit and its journal tail');
  });
  after(async () => {
    await term?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('o pages the unit\'s journal with journalctl and comes back to the same unit', async () => {
    await term.send('o');
    await term.waitForScreen((s) => s.includes('Back from the journal of j-talk.service') && s.includes('── j-talk.service'), 'back in the UI');
    await waitFor(() => existsSync(paged) && readFileSync(paged, 'utf8').includes('Started j-talk.service'), 'the pager to have the journal');
    const text = readFileSync(paged, 'utf8');
    assert.match(text, /systemd\[\d+\]: Started j-talk\.service - Says things\./);
    // Only this unit's journal.
    assert.doesNotMatch(text, /dbus\.service|dbus\.socket/);
  });

  test('/ in the detail pane finds a line of the journal; n goes to the next match', async () => {
    await term.send('Tab', '/');
    await term.waitForScreen((s) => /search: ▏/.test(s), 'the search input');
    // "Says things": the status header, and the manager's "Started" line below.
    await term.type('says things');
    await term.send('Enter');
    await term.waitForScreen((s) => /"says things": match 1 of 2, line 1$/m.test(s), 'the first match, from the top');
    await term.send('n');
    await term.waitForScreen((s) => /"says things": match 2 of 2, line \d+$/m.test(s), 'the next match');
    await term.send('n');
    await term.waitForScreen((s) => /"says things": match 1 of 2, line 1 \(wrapped\)/.test(s), 'wrapped to the first');
    await term.send('N');
    await term.waitForScreen((s) => /"says things": match 2 of 2, line \d+ \(wrapped\)/.test(s), 'back, wrapping the other way');
  });
});
