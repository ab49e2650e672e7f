// End to end: the real bin/svctui in tmux, against a sandboxed manager.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, showProps, stateHome, useSandbox, waitForState } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = {
  'e-web.service': '[Unit]\nDescription=Web server stand-in\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'e-crash.service': "[Unit]\nDescription=Exits 3\n\n[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
  'e-exec.service': '[Unit]\nDescription=Bad binary\n\n[Service]\nExecStart=/nonexistent/e-binary\n',
  'e-other.service': '[Unit]\nDescription=Stopped from another terminal\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'e-keep.service': '[Unit]\nDescription=Keeps the others loaded\nAfter=e-web.service e-other.service\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

describe('svctui in a terminal', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal;

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', ...Object.keys(UNITS)])).exitCode, 0);
    await waitForState(sb, 'e-crash.service', { ActiveState: 'failed' });
    await waitForState(sb, 'e-exec.service', { ActiveState: 'failed' });
    term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir]), undefined, {
      XDG_STATE_HOME: stateHome(sb),
      EDITOR: `${process.execPath} ${REPO_ROOT}test/helpers/fake-editor.mjs`,
      FAKE_EDITOR_MODE: 'dropin',
      FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=FROM_TUI=1',
    });
  });
  after(async () => {
    await term?.close();
  });

  test('the screen lists the units with their exit codes and reasons', async () => {
    const screen = await term.waitForScreen((s) => /e-crash\.service +failed +3 +exit-code/.test(s) && / · live · /.test(s), 'the unit list, with facts and history in');
    assert.match(screen, /e-exec\.service +failed +203\/EXEC +exit-code/);
    assert.match(screen, /e-web\.service +active \(running\) +- +-/);
    assert.match(screen, /^svctui · user manager on \S+ · live · 2 failed \d+ running \d+ inactive · services · systemd 252$/m);
  });

  test('/ name Enter, x, y stops the unit; s starts it; r restarts it with a new main PID', async () => {
    await term.send('/');
    await term.type('e-web');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('── e-web.service') && !s.includes('e-crash.service'), 'the filtered list');
    await term.send('x');
    await term.waitForScreen((s) => s.includes('Stop e-web.service? (y = yes, n/Esc = no)'), 'the confirmation');
    await term.send('y');
    await term.waitForScreen((s) => s.includes('Stop e-web.service: done'), 'the stop result');
    assert.equal((await sandbox().systemctl(['is-active', 'e-web.service'])).stdout.trim(), 'inactive');
    await term.waitForScreen((s) => /e-web\.service +inactive \(dead\) +SIGTERM +stopped/.test(s), 'stopped by request on screen');

    await term.send('s');
    await term.waitForScreen((s) => s.includes('Start e-web.service: done'), 'the start result');
    assert.equal((await sandbox().systemctl(['is-active', 'e-web.service'])).stdout.trim(), 'active');
    const pid1 = (await showProps(sandbox(), 'e-web.service', ['MainPID'])).MainPID;

    await term.send('r');
    await term.waitForScreen((s) => s.includes('Restart e-web.service? (y = yes, n/Esc = no)'), 'the restart confirmation');
    await term.send('y');
    await term.waitForScreen((s) => s.includes('Restart e-web.service: done'), 'the restart result');
    const pid2 = (await showProps(sandbox(), 'e-web.service', ['MainPID'])).MainPID;
    assert.notEqual(pid2, pid1);
    assert.notEqual(pid2, '0');
    await term.waitForScreen((s) => s.includes(`Main PID: ${pid2} (sleep)`), 'the new main PID in the detail pane');
  });

  test('a unit stopped from another terminal changes on screen without a key press', async () => {
    await term.send('/');
    await term.send('Escape');
    await term.waitForScreen((s) => /e-other\.service +active \(running\)/.test(s), 'e-other running');
    assert.equal((await sandbox().systemctl(['stop', 'e-other.service'])).exitCode, 0);
    await term.waitForScreen((s) => /e-other\.service +inactive \(dead\) +SIGTERM +stopped/.test(s), 'e-other stopped on screen');
  });

  test('e edits a drop-in in the suspended terminal and comes back to the same unit; c shows the unit file', async () => {
    await term.send('/');
    await term.type('e-web');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('── e-web.service'), 'e-web selected');
    await term.send('e');
    const dialog = await term.waitForScreen((s) => /Restart it now\? \[y\/N\]/.test(s), 'the edit dialog after the editor');
    assert.match(dialog, /^Edit e-web\.service$/m);
    assert.match(dialog.replace(/\n/g, ''), /Wrote .*e-web\.service\.d\/override\.conf and reloaded ?the ?manager\./);
    assert.match(dialog, /\+ Environment=FROM_TUI=1/);
    await term.send('n');
    await term.waitForScreen((s) => s.includes('Enter or Esc closes this.'), 'the finished dialog');
    await term.send('Enter');
    // The status line says what the flow really did.
    await term.waitForScreen((s) => /Edit e-web\.service: wrote \S+\/e-web\.service\.d\/override\.conf/.test(s) && /── e-web\.service/.test(s), 'the UI again, on the same unit');
    await term.waitForScreen((s) => /Drop-In: .*e-web\.service\.d/.test(s) && s.includes('override.conf'), 'the drop-in in the detail pane');
    assert.equal((await showProps(sandbox(), 'e-web.service', ['Environment'])).Environment, 'FROM_TUI=1');
    await term.send('c');
    await term.waitForScreen((s) => /# .*e-web\.service\.d\/override\.conf/.test(s) && s.includes('Environment=FROM_TUI=1'), 'the unit file view');
    await term.send('c');
    await term.send('/');
    await term.send('Escape');
    await term.waitForScreen((s) => s.includes('e-crash.service') && !s.includes('Enter keeps'), 'the filter cleared');
  });

  test('h: the handler wizard attaches a handler, simulates it, and tests it live', async () => {
    await term.send('/');
    await term.type('e-web');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('── e-web.service'), 'e-web selected');
    await term.send('h');
    await term.waitForScreen((s) => s.includes('What now: [a]ttach a handler'), 'the wizard');
    await term.send('a');
    await term.waitForScreen((s) => s.includes('What to run:'), 'what to run');
    await term.send('l');
    await term.waitForScreen((s) => s.includes('When: [a]lways'), 'when');
    await term.send('n');
    await term.waitForScreen((s) => s.includes('Ignore the handler'), 'ignore failure');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('full privileges'), 'privileged');
    await term.send('Enter');
    const preview = await term.waitForScreen((s) => s.includes('Attach this handler to e-web.service? [y/N]'), 'the preview and the question');
    assert.match(preview, /stopped by request +success\/killed\/TERM +no/);
    assert.match(preview, /exit status 1 +exit-code\/exited\/1 +acts/);
    assert.match(preview, /killed by SIGTERM from outside +success\/killed\/TERM +acts/);
    await term.send('y');
    await term.waitForScreen((s) => s.includes('(its handlers run when it stops), or [n]o? [N]'), 'the live test question');
    await term.send('s');
    const tested = await term.waitForScreen((s) => s.includes('Enter or Esc closes this.'), 'the live test', 20_000);
    // (The dialog wraps at spaces: the screen's rows joined with spaces read as the text did.)
    const text = tested.replace(/\s+/g, ' ');
    assert.match(text, /The handler ran: pid \d+ at .*code=exited, status=0\/SUCCESS/);
    assert.match(text, /svctui-handler log: not acting \(SERVICE_RESULT=success EXIT_CODE=killed EXIT_STATUS=TERM\)/);
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('Handlers of e-web.service: attached the handler "log" to e-web.service; stopped e-web.service (done)') && s.includes('── e-web.service'), 'back in the UI');
    assert.ok(existsSync(join(sandbox().unitDir, 'e-web.service.d', '50-svctui-handler-log.conf')));
    await term.send('/');
    await term.send('Escape');
    await term.waitForScreen((s) => s.includes('e-crash.service') && !s.includes('Enter keeps'), 'the filter cleared');
  });

  test('a resize redraws the whole screen at the new size (only changed lines are written otherwise)', async () => {
    const whole = (s: string, rows: number) => {
      const lines = s.replace(/\n+$/, '').split('\n');
      return (
        lines.filter((l) => l.startsWith('svctui · ')).length === 1 &&
        lines[0]!.startsWith('svctui · ') &&
        lines.length === rows &&
        /^j move .* q quit$/.test(lines[rows - 1]!) &&
        /e-crash\.service +failed/.test(s)
      );
    };
    // (Run alone, this test meets the first frames: the facts are read first. The first row is
    // selected, so that the list's window starts at the top at every size.)
    await term.waitForScreen((s) => / · live · /.test(s) && /e-crash\.service +failed +3 +exit-code/.test(s), 'the list with its facts');
    await term.send('/');
    await term.waitForScreen((s) => s.includes('Enter keeps'), 'the filter input');
    // (Esc, then wait: Esc and a key right after it would read as Alt-that-key.)
    await term.send('Escape');
    await term.waitForScreen((s) => !s.includes('Enter keeps'), 'no filter');
    await term.send('g');
    await term.waitForScreen((s) => / · live · /.test(s) && /e-crash\.service +failed +3 +exit-code/.test(s) && s.includes('── e-crash.service'), 'the list with its facts, e-crash selected');
    await term.resize(80, 24);
    await term.waitForScreen((s) => whole(s, 24) && !s.includes('DESCRIPTION'.padEnd(60)), 'the screen at 80x24');
    await term.resize(120, 40);
    await term.waitForScreen((s) => whole(s, 40) && /e-crash\.service +failed +3 +exit-code +\S+ +Exits 3/.test(s), 'the screen at 120x40 again');
  });

  test('u explains why it cannot switch managers here', async () => {
    await term.send('u');
    await term.waitForScreen((s) => s.replace(/\s+/g, ' ').includes('svctui was started with --bus-address; restart it without to switch between the system and the user manager.'), 'the refusal (whole, wrapped or not)');
  });

  test('q quits and gives the terminal back', async () => {
    await term.send('q');
    const end = await term.waitForExit();
    assert.equal(end.status, 0);
    assert.equal(end.alternateScreen, false, 'the alternate screen is left');
  });
});

describe('switching managers', () => {
  const sandbox = useSandbox({ units: { 'm-a.service': '[Unit]\nDescription=A\n\n[Service]\nExecStart=/bin/sleep infinity\n' } });

  test('u tries the other manager and says why it cannot be reached', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'm-a.service'])).exitCode, 0);
    // The user manager found the usual way (XDG_RUNTIME_DIR), so u may try the system bus.
    const term = await openTerminal(svctuiCommand(['--user', '--journal-dir', sb.journalDir, 'm-*']), { columns: 120, rows: 30 }, {
      XDG_RUNTIME_DIR: sb.runtimeDir,
      DBUS_SESSION_BUS_ADDRESS: sb.busAddress,
      DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/nonexistent/system_bus_socket',
      XDG_STATE_HOME: stateHome(sb),
    });
    try {
      await term.waitForScreen((s) => s.includes('m-a.service') && s.includes('user manager on'), 'the user manager');
      await term.send('u');
      const screen = await term.waitForScreen((s) => s.includes('Cannot switch to the system manager'), 'the reason');
      // Said whole: the message wraps instead of being cut.
      assert.match(screen.replace(/\s+/g, ' '), /Cannot switch to the system manager: cannot connect to the system bus \(unix:path=\/nonexistent\/system_bus_socket\): no such socket\. Is systemd running as PID 1 here\? Try --user for your user manager, or --demo for a private sandbox\./);
      assert.match(screen, /user manager on/, 'still on the user manager');
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      await term.close();
    }
  });
});

describe('terminal hygiene', () => {
  const sandbox = useSandbox({ units: { 'h-a.service': '[Unit]\nDescription=A\n\n[Service]\nExecStart=/bin/sleep infinity\n', 'h-b.service': '[Unit]\nDescription=B\n\n[Service]\nExecStart=/bin/sleep infinity\n' } });

  test('a unit name on the command line opens the UI on it; Ctrl-C quits with 130 and restores the terminal', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'h-a.service', 'h-b.service'])).exitCode, 0);
    // "h-b" is a name without a type: h-b.service, as systemctl reads it.
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'h-b']), { columns: 100, rows: 24 }, { XDG_STATE_HOME: stateHome(sb) });
    try {
      const screen = await term.waitForScreen((s) => / · live · /.test(s) && /h-b\.service +active \(running\)/.test(s), 'the UI on h-b.service');
      assert.doesNotMatch(screen, /h-a\.service/);
      await term.send('C-c');
      const end = await term.waitForExit();
      assert.equal(end.status, 130);
      assert.equal(end.alternateScreen, false);
    } finally {
      await term.close();
    }
  });

  test('TERM=dumb and NO_COLOR: readable monochrome, ASCII glyphs; SIGTERM restores the terminal', async () => {
    const sb = sandbox();
    await sb.systemctl(['start', 'h-a.service']);
    const term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'h-*']), { columns: 80, rows: 24 }, { TERM: 'dumb', NO_COLOR: '1', XDG_STATE_HOME: stateHome(sb) });
    try {
      const screen = await term.waitForScreen((s) => s.includes('Main PID:'), 'the detail pane');
      assert.match(screen, /^>h-a\.service +active \(running\)/m, 'the selection is marked without colour');
      assert.match(screen, /^\* h-a\.service - A$/m, 'ASCII bullet');
      assert.match(screen, /^-- h-a\.service -+$/m, 'ASCII rule');
      // The node process itself (not the shell or tmux, whose command lines mention it too).
      const found = await execa('pgrep', ['-f', `^${process.execPath} \\S*bin/svctui --user --bus-address ${sb.busAddress}`], { reject: false });
      const pids = String(found.stdout).trim().split('\n').filter(Boolean);
      assert.equal(pids.length, 1, `one svctui process: ${found.stdout}`);
      process.kill(Number(pids[0]), 'SIGTERM');
      const end = await term.waitForExit();
      assert.equal(end.status, 143);
      assert.equal(end.alternateScreen, false, 'the alternate screen is left');
    } finally {
      await term.close();
    }
  });
});

describe('svctui --demo', () => {
  test('boots a system manager, shows every stop reason live and the services\' own output, and leaves nothing behind on q', async () => {
    const boxesBefore = readdirSync('/sys/fs/cgroup/unified').filter((n) => n.startsWith('svctui-box-'));
    const term = await openTerminal(svctuiCommand(['--demo']), { columns: 120, rows: 40 });
    try {
      const screen = await term.waitForScreen(
        // The one-shot's row is exact once its exit has been read (it may be read mid-start first).
        (s) => /demo-killed\.service +failed +SIGKILL +signal/.test(s) && /demo-coredump\.service +failed +SIGSEGV \(core\) +core-dump/.test(s) && /demo-oneshot\.service +active \(exited\) +0\/SUCCESS +exited/.test(s),
        'the demo units with their reasons',
        20_000,
      );
      assert.match(screen, /demo-badexec\.service +failed +203\/EXEC +exit-code/);
      assert.match(screen, /^svctui · demo \(system manager\) on svctui-box · /m);
      // The flaky unit restarts by itself: the screen changes without a key press.
      await term.waitForScreen((s) => /demo-flaky\.service +(activating \(auto-restart\)|failed) +3 +exit-code/.test(s), 'demo-flaky failing on its own', 20_000);
      await term.send('/');
      await term.type('demo-oneshot');
      await term.send('Enter');
      // A system manager's journal has the service's own output (_SYSTEMD_UNIT), not only systemd's.
      await term.waitForScreen((s) => /Loaded: loaded \(\/etc\/systemd\/system\/demo-oneshot\.service/.test(s) && /svctui-box sh\[\d+\]: setup done/.test(s), 'the oneshot\'s own output in the journal tail');
      await term.send('q');
      const end = await term.waitForExit(20_000);
      assert.equal(end.status, 0);
      assert.equal(end.alternateScreen, false);
      assert.match(end.text.replace(/\n/g, ""), /To try svctui as an unprivileged user .*: svctui --demo --as demo/);
      const boxesAfter = readdirSync('/sys/fs/cgroup/unified').filter((n) => n.startsWith('svctui-box-'));
      assert.deepEqual(boxesAfter.filter((b) => !boxesBefore.includes(b)), [], 'the demo box\'s cgroups are removed');
    } finally {
      await term.close();
    }
  });

  test('--demo --user: a private user manager', async () => {
    const term = await openTerminal(svctuiCommand(['--demo', '--user']), { columns: 120, rows: 40 });
    try {
      await term.waitForScreen((s) => /^svctui · demo \(user manager\) on/m.test(s) && /demo-killed\.service +failed +SIGKILL +signal/.test(s), 'the user-manager demo', 20_000);
      await term.send('q');
      assert.equal((await term.waitForExit(20_000)).status, 0);
    } finally {
      await term.close();
    }
  });
});
