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

const UNITS = {
  'jp-fail.service': "[Unit]\nDescription=Fails\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.2; exit 3'\n",
  'jp-other.service': "[Unit]\nDescription=Another\n\n[Service]\nType=oneshot\nExecStart=/bin/echo other says hello\n",
};

describe('the journal by priority, time, boot and several units', () => {
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
      await term.waitForScreen((s) => s.includes('Journal: warning and worse (p changes it, J the whole filter; o opens journalctl with it)'), 'said');
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

  test('J: journalctl\'s options for the pane and o — more units merged, a wrong option said, a past --until empties it, none clears it', async () => {
    const sb = sandbox();
    await sb.systemctl(['start', 'jp-fail.service', 'jp-other.service']);
    await waitForState(sb, 'jp-fail.service', { ActiveState: 'failed' });
    const dir = mkdtempSync(join(tmpdir(), 'svctui-pager-'));
    const paged = join(dir, 'paged.txt');
    writeFileSync(join(dir, 'pager'), `#!/bin/sh\ncat > ${paged}\n`, { mode: 0o755 });
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'jp-fail*']), { columns: 120, rows: 40 }, {
      XDG_STATE_HOME: stateHome(sb),
      SYSTEMD_PAGER: join(dir, 'pager'),
      SYSTEMD_PAGERSECURE: '0',
    });
    try {
      const failed = /systemd\[\d+\]: jp-fail\.service: Failed with result 'exit-code'\./;
      const other = /systemd\[\d+\]: Finished jp-other\.service - Another\./;
      await term.waitForScreen((s) => s.includes('── jp-fail.service') && failed.test(s) && !other.test(s), "jp-fail's own lines");
      await term.send('J');
      await term.waitForScreen((s) => s.includes('Filter:'), 'the question');
      await term.type('-p bogus');
      await term.send('Enter');
      await term.waitForScreen((s) => s.includes('Not taken: -p takes a priority'), 'a wrong priority is said, and asked again');
      await term.type('-u jp-other --since "-1h"');
      await term.send('Enter');
      const screen = await term.waitForScreen((s) => s.includes('-- only: --since -1h -u jp-other.service (J changes it) --') && failed.test(s) && other.test(s), 'both units merged in the pane', 10_000);
      assert.match(screen, /Journal: --since -1h -u jp-other\.service \(J changes it; o opens journalctl with it\)/);
      await term.send('o');
      await term.waitForScreen((s) => s.includes('Back from the journal of jp-fail.service'), 'back from the pager');
      await waitFor(() => (existsSync(paged) && /Finished jp-other/.test(readFileSync(paged, 'utf8')) ? true : undefined), 'journalctl to page both units');
      assert.match(readFileSync(paged, 'utf8').replace(/\x1b\[[0-9;]*m/g, ''), failed);
      // A past --until: nothing can match, and nothing is followed.
      await term.send('J');
      await term.waitForScreen((s) => s.includes('Filter (Enter keeps "--since -1h -u jp-other.service", none clears it):'), 'the question, with the filter');
      await term.type('--until 2000-01-01');
      await term.send('Enter');
      await term.waitForScreen((s) => s.includes('-- only: --until 2000-01-01 (J changes it) --') && !failed.test(s) && !other.test(s), 'no line before 2000', 10_000);
      await term.send('J');
      await term.waitForScreen((s) => s.includes('none clears it'), 'asked again');
      await term.type('none');
      await term.send('Enter');
      await term.waitForScreen((s) => s.includes('Journal: the unit\'s own lines in this boot (no filter)') && failed.test(s) && !other.test(s), "jp-fail's own lines again", 10_000);
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      await term.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
