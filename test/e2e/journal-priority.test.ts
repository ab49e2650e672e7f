// p filters the journal by priority in the detail pane, and o hands the same filter to journalctl
// (here a stand-in pager that keeps what it was given). The truth: what systemd logs at which
// priority — "Started" at info, "Failed with result" at warning.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { stateHome, useSandbox, waitForState } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = { 'jp-fail.service': "[Unit]\nDescription=Fails\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.2; exit 3'\n" };

describe('the journal by priority', () => {
  const sandbox = useSandbox({ units: UNITS });

  test('p: warning and worse in the pane, then o pages the same', async () => {
    const sb = sandbox();
    await sb.systemctl(['start', 'jp-fail.service']);
    await waitForState(sb, 'jp-fail.service', { ActiveState: 'failed' });
    const dir = mkdtempSync(join(tmpdir(), 'svctui-pager-'));
    const paged = join(dir, 'paged.txt');
    writeFileSync(join(dir, 'pager'), `#!/bin/sh\ncat > ${paged}\n`, { mode: 0o755 });
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'jp-*']), { columns: 120, rows: 40 }, {
      XDG_STATE_HOME: stateHome(sb),
      SYSTEMD_PAGER: join(dir, 'pager'),
      SYSTEMD_PAGERSECURE: '0',
    });
    try {
      const started = /systemd\[\d+\]: Started jp-fail\.service - Fails\./;
      const failed = /systemd\[\d+\]: jp-fail\.service: Failed with result 'exit-code'\./;
      await term.waitForScreen((s) => s.includes('── jp-fail.service') && started.test(s) && failed.test(s), 'every line first');
      await term.send('p');
      await term.waitForScreen((s) => s.includes('Journal: warning and worse (p changes it; o opens journalctl with it)'), 'said');
      const screen = await term.waitForScreen((s) => s.includes('-- priority warning and more urgent only (p changes it) --') && failed.test(s) && !started.test(s), 'warning and worse only', 10_000);
      assert.doesNotMatch(screen, started);
      await term.send('o');
      await term.waitForScreen((s) => s.includes('Back from the journal of jp-fail.service'), 'back from the pager');
      await waitFor(() => (existsSync(paged) && readFileSync(paged, 'utf8').includes('Failed with result') ? true : undefined), 'the pager to have the journal');
      // (journalctl colours what it hands its pager.)
      const text = readFileSync(paged, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
      assert.match(text, failed);
      assert.doesNotMatch(text, started, 'journalctl was given the same priority');
      // Round the cycle: errors only, then every priority again.
      await term.send('p');
      await term.waitForScreen((s) => s.includes('Journal: errors and worse'), 'errors');
      await term.send('p');
      await term.waitForScreen((s) => s.includes('Journal: every priority') && started.test(s), 'every line again', 10_000);
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      await term.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
