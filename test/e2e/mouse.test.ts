// End to end: the mouse (a click selects a row, the wheel moves, a footer entry runs) and y's copy
// through OSC 52, checked in tmux (it keeps what an application copies as a paste buffer).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const UNITS = {
  'm-a.service': '[Unit]\nDescription=First\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'm-b.service': '[Unit]\nDescription=Second\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'm-c.service': '[Unit]\nDescription=Third\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

/** The SGR report a terminal sends: press ("M") and release ("m") of a button at a cell. */
const click = (x: number, y: number) => [`\x1b[<0;${x};${y}M`, `\x1b[<0;${x};${y}m`];
const wheel = (down: boolean, x: number, y: number) => `\x1b[<${down ? 65 : 64};${x};${y}M`;
/** The screen row (from 1) of the first line that matches. */
const rowOf = (screen: string, re: RegExp) => screen.split('\n').findIndex((l) => re.test(l)) + 1;

describe('the mouse and the clipboard', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal | undefined;
  const home = mkdtempSync(join(tmpdir(), 'svctui-mouse-'));
  before(async () => {
    assert.equal((await sandbox().systemctl(['start', ...Object.keys(UNITS)])).exitCode, 0);
  });
  after(async () => {
    await term?.close();
    rmSync(home, { recursive: true, force: true });
  });
  const open = async (env: Record<string, string> = {}) => {
    const sb = sandbox();
    const t = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'm-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb), ...env });
    await t.tmux('set-option', '-s', 'set-clipboard', 'on');
    await t.waitForScreen((s) => /m-c\.service +active \(running\)/.test(s) && / · live · /.test(s), 'the list');
    return t;
  };
  const literal = async (t: Terminal, ...seqs: string[]) => {
    for (const s of seqs) await t.tmux('send-keys', '-t', 'main', '-l', s);
  };

  test('a click selects the row, the wheel moves the selection, a footer entry runs its command', async () => {
    term = await open();
    let screen = await term.capture();
    await literal(term, ...click(3, rowOf(screen, /^ ?m-c\.service/)));
    await term.waitForScreen((s) => s.includes('── m-c.service'), 'm-c selected by a click');
    screen = await term.capture();
    await literal(term, ...click(3, rowOf(screen, /^ ?m-a\.service/)));
    await term.waitForScreen((s) => s.includes('── m-a.service'), 'm-a selected by a click');
    await literal(term, wheel(true, 3, rowOf(screen, /^ ?m-b\.service/)));
    await term.waitForScreen((s) => s.includes('── m-c.service'), 'the wheel moved down (three rows: to the last)');
    await literal(term, wheel(false, 3, 4));
    await term.waitForScreen((s) => s.includes('── m-a.service'), 'and up');
    // A click in the detail pane gives it the focus.
    screen = await term.waitForScreen((s) => s.includes('── m-a.service') && /Loaded:/.test(s), 'the status of m-a');
    await literal(term, ...click(10, rowOf(screen, /Loaded:/)));
    await term.waitForScreen((s) => s.includes('── m-a.service (focused: j/k scroll)'), 'the detail pane focused');
    screen = await term.capture();
    const footer = screen.trimEnd().split('\n').pop()!;
    await literal(term, ...click(footer.indexOf('? help') + 1, rowOf(screen, /\? help/)));
    await term.waitForScreen((s) => s.includes('svctui keys'), 'the help, from its footer entry');
    await term.send('Escape');
    await term.waitForScreen((s) => !s.includes('svctui keys'), 'the help closed');
  });

  test('y copies the selected unit\'s name to the terminal\'s clipboard (OSC 52)', async () => {
    await term!.send('Tab');
    await term!.waitForScreen((s) => s.includes('── m-a.service') && !s.includes('(focused'), 'the list focused');
    await term!.send('Y');
    await term!.waitForScreen((s) => s.includes('Copied "m-a.service" to the clipboard'), 'said');
    assert.equal(await term!.tmux('show-buffer'), 'm-a.service');
    await term!.send('q');
    await term!.close();
    term = undefined;
  });

  test('with mouse = false in config.toml, clicks do nothing', async () => {
    mkdirSync(join(home, 'svctui'), { recursive: true });
    writeFileSync(join(home, 'svctui', 'config.toml'), 'mouse = false\n');
    term = await open({ XDG_CONFIG_HOME: home });
    const screen = await term.capture();
    await literal(term, ...click(3, rowOf(screen, /^ ?m-c\.service/)));
    // The next key shows the click was not taken: the first row is still the selection.
    await term.send('j');
    await term.waitForScreen((s) => s.includes('── m-b.service'), 'j from the first row (the click did nothing)');
  });
});
