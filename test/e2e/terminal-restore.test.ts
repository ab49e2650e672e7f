// The terminal after q is as it was before svctui started, also after o handed it to journalctl's
// pager (less, which journalctl runs with -X: no screen of its own) — nothing of the pager's page
// or of the UI is left on it. The real binary in tmux, the real journalctl and less.
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
    const term = await openTerminal(`echo before-svctui; ${svctui}`, { columns: 100, rows: 30 }, { XDG_STATE_HOME: stateHome(sb), PAGER: 'less', SYSTEMD_PAGER: 'less' });
    try {
      const failedLine = /tr-once\.service: Failed with result 'exit-code'\./;
      await term.waitForScreen((s) => s.includes('── tr-once.service') && failedLine.test(s), 'the unit and its journal');
      await term.send('o');
      // journalctl's less quits by itself when the journal fits one screen (-F); when it stays, q
      // quits it — sent again while it shows (a key sent before less reads its terminal is lost).
      const back = (s: string) => s.includes('Back from the journal of tr-once.service');
      const deadline = Date.now() + 20_000;
      for (let s = await term.capture(); !back(s); s = await term.capture()) {
        assert.ok(Date.now() < deadline, `back from the pager in time:\n${s}`);
        if (failedLine.test(s) && !s.includes('── tr-once.service')) await term.send('q');
        await new Promise((r) => setTimeout(r, 500));
      }
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
