// After D (daemon-reload) every row on screen has its facts again within a few seconds: none stays
// "…" (loading) — the real binary in tmux against the sandbox, the truth from systemctl.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stateHome, useSandbox, waitForState } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand } from '../helpers/tmux.js';

const UNITS = {
  'dr-run.service': '[Service]\nExecStart=/bin/sleep infinity\n',
  'dr-fail.service': "[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
  'dr-once.service': '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n',
};

describe('D: the rows after a daemon-reload', () => {
  const sandbox = useSandbox({ units: UNITS });

  test('no row stays "…" after the reload; the facts are the same as before', async () => {
    const sb = sandbox();
    await sb.systemctl(['start', 'dr-run.service', 'dr-fail.service', 'dr-once.service']);
    await waitForState(sb, 'dr-fail.service', { ActiveState: 'failed' });
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'dr-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb) });
    try {
      const rows = (s: string) => s.split('\n').filter((l) => /^.dr-\w+\.service /.test(l));
      const settled = (s: string) =>
        / · live · /.test(s) && /dr-fail\.service +failed +3 +exit-code/.test(s) && /dr-once\.service +active \(exited\) +0\/SUCCESS +exited/.test(s) && /dr-run\.service +active \(running\) +- +-/.test(s);
      await term.waitForScreen(settled, 'every row with its facts');
      await term.send('D');
      await term.waitForScreen((s) => /daemon-reload\)?: done/.test(s), 'the reload done');
      const after = await term.waitForScreen(settled, 'every row with its facts again', 3_000);
      assert.deepEqual(rows(after).filter((l) => l.includes('…')), [], 'no row loading');
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      await term.close();
    }
  });
});
