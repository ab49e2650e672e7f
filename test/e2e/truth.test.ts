// The real binary in tmux, as a user meets what happens elsewhere: units started from another
// terminal after svctui started appear; units systemd collects leave; the detail pane's times tick.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { after, before, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = {
  // Installed but never started: svctui knows it only as a unit file when it starts.
  'tr-late.service': '[Unit]\nDescription=Started from another terminal later\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

describe('svctui in a terminal, while others act', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal;

  before(async () => {
    const sb = sandbox();
    term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'tr-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb) });
    await term.waitForScreen((s) => / · live · /.test(s) && s.includes('No units match'), 'svctui up, with no tr-* unit loaded');
  });
  after(async () => {
    await term?.close();
  });

  test('a unit started from another terminal after svctui started gets its row', async () => {
    assert.equal((await sandbox().systemctl(['start', 'tr-late.service'])).exitCode, 0);
    await term.waitForScreen((s) => /tr-late\.service +active \(running\) +- +-/.test(s), 'the new row', 10_000);
  });

  test('the detail pane\'s relative times tick while the unit stays selected', async () => {
    const first = await term.waitForScreen((s) => /Active: active \(running\) since .*; \d+s ago/.test(s), 'the detail pane');
    const age = (s: string) => Number(/Active: active \(running\) since .*; (\d+)s ago/.exec(s)?.[1] ?? -1);
    const before = age(first);
    await term.waitForScreen((s) => age(s) >= before + 2, 'the age to tick by two seconds', 10_000);
  });

  test("the list's SINCE is true to the second under a minute (systemd's own timestamp says when)", async () => {
    const sb = sandbox();
    if ((await sb.systemctl(['is-active', 'tr-late.service'])).stdout.trim() !== 'active') assert.equal((await sb.systemctl(['start', 'tr-late.service'])).exitCode, 0);
    const unix = (await sb.systemctl(['show', '-p', 'StateChangeTimestamp', '--value', '--timestamp=unix', 'tr-late.service'])).stdout.trim();
    const sinceUs = Number(unix.replace(/^@/, '')) * 1e6;
    assert.ok(sinceUs > 0);
    // Past ten seconds (where ages once moved in steps of ten), and under a minute.
    for (;;) {
      const expected = Math.floor((Date.now() * 1000 - sinceUs) / 1e6);
      if (expected >= 13) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const screen = await term.capture();
    const expected = Math.floor((Date.now() * 1000 - sinceUs) / 1e6);
    const shown = Number(/tr-late\.service +active \(running\) +- +- +(\d+)s /.exec(screen)?.[1] ?? -1);
    assert.ok(Math.abs(shown - expected) <= 1.5, `SINCE on screen ${shown}s, systemd says ${expected}s ago`);
  });

  test('a transient unit that ends and is collected leaves the list (systemctl list-units --all no longer shows it)', async () => {
    const sb = sandbox();
    const run = await execa('systemd-run', ['--user', '--unit=tr-transient', '--description=Short transient run', '/bin/sh', '-c', 'sleep 1'], { env: sb.env, reject: false });
    assert.equal(run.exitCode, 0, String(run.stderr));
    await term.waitForScreen((s) => /tr-transient\.service +active \(running\)/.test(s), 'the transient unit while it runs');
    await term.waitForScreen((s) => !s.includes('tr-transient.service'), 'the row gone once systemd collected it', 15_000);
    const listed = await sb.systemctl(['list-units', '--all', '--no-legend', 'tr-transient.service']);
    assert.equal(listed.stdout.trim(), '', 'systemd no longer lists it either');
  });
});
