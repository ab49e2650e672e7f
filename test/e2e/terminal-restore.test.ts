// The terminal after q is as it was before svctui started, also after o handed it to journalctl —
// whose pager writes on the screen it is given and leaves its page there (less -X, as journalctl
// runs it; here SYSTEMD_PAGER=cat, which does the same without waiting for a key): nothing of the
// journal or of the UI is left on it. The real binary in tmux and the real journalctl.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stateHome, useSandbox, waitForState } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand } from '../helpers/tmux.js';

const UNITS = { 'tr-once.service': "[Unit]\nDescription=Says something\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'exit 4'\n" };

describe('the terminal after q', () => {
  const sandbox = useSandbox({ units: UNITS });

  test('o then q: the screen holds what it held before svctui, not the pager\'s page nor the UI', async () => {
    const sb = sandbox();
    await sb.systemctl(['start', 'tr-once.service']);
    await waitForState(sb, 'tr-once.service', { ActiveState: 'failed' });
    const svctui = svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'tr-*']);
    const term = await openTerminal(`echo before-svctui; ${svctui}`, { columns: 100, rows: 30 }, { XDG_STATE_HOME: stateHome(sb), SYSTEMD_PAGER: 'cat' });
    try {
      const failedLine = /tr-once\.service: Failed with result 'exit-code'\./;
      await term.waitForScreen((s) => s.includes('── tr-once.service') && failedLine.test(s), 'the unit and its journal');
      await term.send('o');
      await term.waitForScreen((s) => s.includes('Back from the journal of tr-once.service'), 'back in the UI');
      await term.send('q');
      const end = await term.waitForExit();
      assert.equal(end.status, 0);
      assert.equal(end.alternateScreen, false, 'the alternate screen is left');
      assert.match(end.text, /before-svctui/, 'what was there before');
      assert.doesNotMatch(end.text, failedLine, "the pager's page is not left on the terminal");
      assert.doesNotMatch(end.text, /──|svctui ·/, 'no fragment of the UI');
    } finally {
      await term.close();
    }
  });
});
