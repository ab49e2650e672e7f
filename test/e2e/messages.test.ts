// Words are never lost: a message longer than the line wraps into the status area at 80x24, and
// a question shows all its answers (the real binary in tmux, against the sandbox).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

// A long name makes systemd's refusal long: the mask link would go where the unit's own file is.
const LONG = `msg-${'a-long-unit-name-'.repeat(5)}end.service`;
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('long messages at 80x24', () => {
  const sandbox = useSandbox({ units: { [LONG]: '[Unit]\nDescription=Long\n\n[Service]\nExecStart=/bin/sleep infinity\n' } });
  let term: Terminal;
  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', LONG])).exitCode, 0);
    term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'msg-*']), { columns: 80, rows: 24 }, { XDG_STATE_HOME: stateHome(sb) });
    await term.waitForScreen((s) => / · live · /.test(s) && s.includes('active (running)'), 'the list');
  });
  after(async () => {
    await term?.close();
  });

  test('a refusal of over 200 characters is readable in full', async () => {
    await term.send('m');
    await term.waitForScreen((s) => squeeze(s).includes(squeeze(`Mask ${LONG}? (y = yes, n/Esc = no)`)), 'the question');
    await term.send('y');
    const want = `Mask ${LONG}: its own unit file is where the mask link would go; disable it, or move the file`;
    assert.ok(want.length > 150, `${want.length} characters`);
    // Joined back from the screen's last rows (a word longer than the line is cut where it must be).
    const screen = await term.waitForScreen((s) => squeeze(s.split('\n').slice(-6).join('')).includes(squeeze(want)), 'the whole message on screen', 10_000);
    assert.doesNotMatch(screen, /…where the mask/);
  });

  test('L: every message of the session, whole and timed, the newest first; L again the status', async () => {
    await term.send('m');
    await term.waitForScreen((s) => squeeze(s).includes(squeeze(`Mask ${LONG}? (y = yes, n/Esc = no)`)), 'the question');
    await term.send('y');
    const refusal = `Mask ${LONG}: its own unit file is where the mask link would go; disable it, or move the file`;
    await term.waitForScreen((s) => squeeze(s).includes(squeeze(refusal)), 'the refusal');
    // Another message replaces it on the status line.
    await term.send('y');
    await term.waitForScreen((s) => s.includes('Nothing is asked'), 'the next message');
    await term.send('L');
    const screen = await term.waitForScreen((s) => s.includes('── messages (L for the status)') && squeeze(s).includes(squeeze(refusal)), 'the log with the refusal whole');
    const rows = screen.split('\n');
    const nothing = rows.findIndex((r) => /^\d\d:\d\d:\d\d Nothing is asked/.test(r));
    const mask = rows.findIndex((r) => /^\d\d:\d\d:\d\d Mask msg-/.test(r));
    assert.ok(nothing >= 0 && mask > nothing, `the newest first, each timed:\n${screen}`);
    await term.send('L');
    await term.waitForScreen((s) => s.includes(`── ${LONG.slice(0, 40)}`) && !s.includes('── messages'), 'the status again');
  });
});
