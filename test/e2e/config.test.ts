// End to end: config.toml changes the real binary's keys (input, footer and help), a mistake in it
// is said by line and nothing starts, and the light theme's colours (from the terminal's word).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { otherUid } from '../helpers/otherUser.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = { 'k-web.service': '[Unit]\nDescription=Runs\n\n[Service]\nExecStart=/bin/sleep infinity\n' };

describe('config.toml', () => {
  const sandbox = useSandbox({ units: UNITS });
  const home = mkdtempSync(join(tmpdir(), 'svctui-config-'));
  mkdirSync(join(home, 'svctui'));
  const file = join(home, 'svctui', 'config.toml');
  let term: Terminal | undefined;
  const open = async (env: Record<string, string> = {}) => {
    const sb = sandbox();
    await sb.systemctl(['start', 'k-web.service']);
    return openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'k-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb), XDG_CONFIG_HOME: home, ...env });
  };
  after(async () => {
    await term?.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('keys from the file: X stops (x no longer does), and the footer and help say so', async () => {
    writeFileSync(file, '# mine\n[keys]\nstop = "X"\n');
    term = await open();
    await term.waitForScreen((s) => /k-web\.service +active \(running\)/.test(s) && / · live · /.test(s), 'the list');
    assert.match(await term.capture(), /X stop/);
    // x asks nothing now: the help opens on the next key (a question would have taken it).
    await term.send('x', '?');
    await term.waitForScreen((s) => s.includes('svctui keys'), 'the help');
    // (The help is longer than the screen: a page down shows the unit actions.)
    await term.send('PageDown');
    await term.waitForScreen((s) => /^ +X +Stop the selected unit \(asks first\)$/m.test(s), 'the help lists X');
    await term.send('Escape');
    await term.waitForScreen((s) => /k-web\.service +active \(running\)/.test(s) && !s.includes('svctui keys'), 'the help closed');
    await term.send('X');
    await term.waitForScreen((s) => s.includes('Stop k-web.service? (y = yes, n/Esc = no)'), 'X asks to stop');
    await term.send('n');
    await term.waitForScreen((s) => s.includes('Stop k-web.service: cancelled'), 'cancelled');
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    term = undefined;
  });

  test('a mistake is said with its line, and svctui does not start; --no-config starts without the file', async () => {
    writeFileSync(file, 'theme = "dark"\n[keys]\nstop = "s"\n');
    term = await open();
    const exit = await term.waitForExit();
    assert.equal(exit.status, 1);
    exit.text = exit.text.replace(/\n/g, '');
    assert.match(exit.text, /config\.toml: the key s would be start and stop at once \(Unit list\): give one of them another key/);
    assert.match(exit.text, /svctui --no-config starts without it/);
    await term.close();
    writeFileSync(file, 'theme = "dark"\n\n[keys]\nstpo = "X"\n');
    term = await open();
    assert.match((await term.waitForExit()).text.replace(/\n/g, ''), /config\.toml line 4: no command "stpo"/);
    await term.close();
    const sb = sandbox();
    term = await openTerminal(svctuiCommand(['--no-config', '--user', '--bus-address', sb.busAddress, 'k-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb), XDG_CONFIG_HOME: home });
    await term.waitForScreen((s) => /k-web\.service/.test(s) && / · live · /.test(s), 'the UI without the file');
    await term.send('q');
    await term.close();
    term = undefined;
  });

  test('theme: a light background (the terminal says so) gets the light colours; dark by default', async () => {
    writeFileSync(file, 'mouse = true\n');
    term = await open({ COLORFGBG: '0;15' });
    await term.waitForScreen((s) => / · live · /.test(s), 'the list');
    // The header's type label is the accent tone: blue on light, cyan on dark.
    assert.match(await term.captureStyled(), /\x1b\[34mall types/);
    await term.send('q');
    await term.close();
    // auto without $COLORFGBG: svctui asks the terminal (OSC 11) and starts dark; the answer turns it light.
    writeFileSync(file, 'mouse = true\n');
    term = await open();
    await term.waitForScreen((s) => / · live · /.test(s), 'the list');
    assert.match(await term.captureStyled(), /\x1b\[36mall types/);
    await term.tmux('send-keys', '-t', 'main', '-l', '\x1b]11;rgb:ffff/ffff/ffff\x1b\\');
    await waitFor(async () => /\x1b\[34mall types/.test(await term!.captureStyled()), 'the light palette after the terminal\'s answer');
    await term.send('q');
    await term.close();
    writeFileSync(file, 'theme = "dark"\n');
    term = await open({ COLORFGBG: '0;15' });
    await term.waitForScreen((s) => / · live · /.test(s), 'the list');
    assert.match(await term.captureStyled(), /\x1b\[36mall types/);
    await term.send('q');
    await term.close();
    term = undefined;
  });

  test("another user's file, or a FIFO, is not read: the defaults, said once; no hang", async () => {
    // Another user's world-writable file that would rebind stop to X.
    rmSync(file, { force: true });
    writeFileSync(file, '[keys]\nstop = "X"\n');
    chownSync(file, otherUid(), otherUid());
    chmodSync(file, 0o666);
    term = await open();
    await term.waitForScreen((s) => /k-web\.service +active \(running\)/.test(s) && new RegExp(`config\\.toml not used \\(.*belongs to uid ${otherUid()}, not to you or root\\); the defaults are in force`).test(s.replace(/\s+/g, ' ')), 'the refusal in the status line');
    await term.send('x');
    await term.waitForScreen((s) => s.includes('Stop k-web.service? (y = yes, n/Esc = no)'), 'x stops: the defaults');
    await term.send('n', 'q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    // A FIFO there would block a plain read forever.
    rmSync(file, { force: true });
    execFileSync('mkfifo', ['-m', '600', file]);
    term = await open();
    await term.waitForScreen((s) => /k-web\.service +active \(running\)/.test(s) && /config\.toml not used \(.*config\.toml is not a regular file\); the defaults are in force/.test(s.replace(/\s+/g, ' ')), 'started, the FIFO refused');
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    term = undefined;
    rmSync(file, { force: true });
  });
});
