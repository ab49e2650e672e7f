// The TUI on a system manager (its own PID 1 in a box), in tmux: switching to a user's manager and
// back, polkit's password prompt for an unprivileged user (wrong, then right), --no-ask-password,
// and a bus or manager that goes away and comes back.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { svctuiInBoxCommand, useSystemBox } from '../helpers/systemBox.js';
import { openTerminal, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'x-run.service': '[Unit]\nDescription=Runs until stopped\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'x-two.service': '[Unit]\nDescription=Another runner\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'x-late.service': '[Unit]\nDescription=Started later, from outside\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  // Says "poked N" on SIGUSR1 (the shell's trap runs after the current sleep), without changing state.
  // (Its first line comes a moment after the start: a line journald gets before systemd has recorded
  // the start is left out of the status tail, as systemctl leaves it out.)
  'x-talk.service': "[Unit]\nDescription=Talks when poked\n\n[Service]\nExecStart=/bin/sh -c 'n=0; trap \"n=$$((n+1)); echo poked $$n\" USR1; sleep 0.1; echo ready; while :; do sleep 0.2; done'\n",
  'x-later.service': '[Unit]\nDescription=Started after the manager came back\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

// bob may manage units after typing his own password; alice has no rule.
const RULE = `polkit.addRule(function (action, subject) {
  if (subject.user == "bob" && action.id.indexOf("org.freedesktop.systemd1.") == 0) return polkit.Result.AUTH_SELF;
});
`;

describe('the TUI on a system manager', () => {
  const box = useSystemBox({ units: UNITS });
  const open = async (args: string[], o: { login?: string; user?: string } = {}) =>
    openTerminal(svctuiInBoxCommand(box(), args, { ...o, env: { LANG: 'C.UTF-8', XDG_RUNTIME_DIR: o.login || o.user ? '' : '/run/user/0' } }), { columns: 160, rows: 40 });
  let term: Terminal | undefined;

  before(async () => {
    const b = box();
    await b.addUser('alice', 'alicepw');
    await b.addUser('bob', 'bobpw');
    mkdirSync(join(b.root, 'etc', 'polkit-1', 'rules.d'), { recursive: true });
    writeFileSync(join(b.root, 'etc', 'polkit-1', 'rules.d', '50-svctui-test.rules'), RULE);
    assert.equal((await b.systemctl(['start', 'x-run.service', 'x-two.service', 'user@0.service'])).exitCode, 0);
  });
  after(async () => {
    await term?.close();
  });

  test('u switches to root\'s user manager and back', async () => {
    term = await open(['x-*']);
    await term.waitForScreen((s) => /^svctui · system manager on svctui-box · live/m.test(s) && /x-run\.service +active \(running\)/.test(s), 'the system manager');
    await term.send('u');
    await term.waitForScreen((s) => /^svctui · user manager on svctui-box · live/m.test(s) && s.includes('Switched to the user manager'), 'the user manager');
    await term.send('u');
    await term.waitForScreen((s) => /^svctui · system manager on svctui-box · live/m.test(s) && /x-run\.service +active \(running\)/.test(s), 'back on the system manager');
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    term = undefined;
  });

  test('the bus stopped: the header says so at once, rows are marked stale, an action fails in words; back, live', async () => {
    const b = box();
    term = await open(['x-*']);
    await term.waitForScreen((s) => / · live · /.test(s) && /x-run\.service +active \(running\)/.test(s), 'the list');
    assert.equal((await b.systemctl(['stop', 'dbus.socket', 'dbus.service'])).exitCode, 0);
    await term.waitForScreen((s) => /· disconnected: rows as they were/.test(s) && /x-run\.service +active \(running\)/.test(s), 'the header says the connection is gone', 5_000);
    // Why it cannot reconnect, in words, not only a count of tries.
    await term.waitForScreen((s) => /Reconnecting \(try \d+\): cannot connect to the system bus/.test(s.replace(/\n/g, ' ')), 'why reconnecting fails', 10_000);
    // A stop asked while the bus is away fails at once, in words (no 25 s wait for a timeout).
    await term.send('/', 'x-run', 'Enter', 'x');
    await term.waitForScreen((s) => /Stop x-run\.service\?/.test(s), 'the confirmation');
    await term.send('y');
    await term.waitForScreen((s) => /Stop x-run\.service: .*(connection|bus)/i.test(s), 'the action failed, in words', 5_000);
    assert.equal((await b.systemctl(['start', 'dbus.socket', 'dbus.service'])).exitCode, 0);
    await term.waitForScreen((s) => / · live · /.test(s) && /x-run\.service +active \(running\)/.test(s), 'live again', 20_000);
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    term = undefined;
  });

  test('the bus restarted, and the manager re-executed: svctui reconnects and the rows are true again', async () => {
    const b = box();
    term = await open(['x-*']);
    await term.waitForScreen((s) => / · live · /.test(s) && /x-two\.service +active \(running\)/.test(s), 'the list');
    assert.equal((await b.systemctl(['restart', 'dbus.service'])).exitCode, 0);
    // Something changes while svctui is away: after reconnecting, it shows the truth.
    assert.equal((await b.systemctl(['stop', 'x-two.service'])).exitCode, 0);
    assert.equal((await b.systemctl(['start', 'x-late.service'])).exitCode, 0);
    // (x-two, stopped, was collected meanwhile: like systemctl list-units, the list drops it.)
    await term.waitForScreen((s) => / · live · /.test(s) && /x-late\.service +active \(running\)/.test(s) && !/x-two\.service +active/.test(s), 'live again, with the true rows', 20_000);
    // The manager leaves the bus and comes back (daemon-reexec): svctui follows the new instance.
    assert.equal((await b.systemctl(['daemon-reexec'])).exitCode, 0);
    assert.equal((await b.systemctl(['start', 'x-later.service'])).exitCode, 0);
    await term.waitForScreen((s) => / · live · /.test(s) && /x-later\.service +active \(running\)/.test(s), 'a unit started after the re-exec', 20_000);
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    term = undefined;
  });

  test('the journal is followed: a line the unit writes while it is shown appears, with no state change', async () => {
    const b = box();
    assert.equal((await b.systemctl(['start', 'x-talk.service'])).exitCode, 0);
    term = await open(['x-talk']);
    await term.waitForScreen((s) => s.includes('── x-talk.service') && /sh\[\d+\]: ready/.test(s), 'x-talk selected, its tail shown', 20_000);
    assert.equal((await b.systemctl(['kill', '--signal=USR1', '--kill-whom=main', 'x-talk.service'])).exitCode, 0);
    await term.waitForScreen((s) => /sh\[\d+\]: poked \d/.test(s), 'the new line, followed live', 10_000);
    assert.match((await b.systemctl(['show', '-p', 'ActiveState,SubState', 'x-talk.service'])).stdout, /ActiveState=active\nSubState=running/);
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    term = undefined;
  });

  test('a user without a polkit rule and --no-ask-password: browse, and a refusal in words', async () => {
    term = await open(['--no-ask-password', 'x-run*'], { user: 'alice' });
    await term.waitForScreen((s) => /x-run\.service +active \(running\)/.test(s) && /actions ask for a password/.test(s), 'the list, and the header saying actions ask for a password');
    await term.send('x');
    await term.waitForScreen((s) => s.includes('Stop x-run.service?'), 'the confirmation');
    await term.send('y');
    await term.waitForScreen((s) => /Stop x-run\.service: needs authentication \(polkit\)\. Run svctui on a terminal without --no-ask-password/.test(s), 'the refusal in words');
    assert.equal((await box().systemctl(['is-active', 'x-run.service'])).stdout.trim(), 'active');
    await term.send('q');
    await term.waitForExit();
    await term.close();
    term = undefined;
  });

  test('a user whose polkit rule asks for his own password: wrong, then right, and the unit stops', async () => {
    term = await open(['x-run*'], { login: 'bob' });
    await term.waitForScreen((s) => /x-run\.service +active \(running\)/.test(s) && /actions ask for a password/.test(s), 'the list as bob');
    const stop = async () => {
      await term!.send('x');
      await term!.waitForScreen((s) => s.includes('Stop x-run.service?'), 'the confirmation');
      await term!.send('y');
      // svctui hands the terminal to polkit's text agent, which asks for bob's password.
      await term!.waitForScreen((s) => /AUTHENTICATING FOR org\.freedesktop\.systemd1\.manage-units/.test(s) && /Password: *$/m.test(s), 'the password prompt', 20_000);
    };
    // pkttyagent flushes the terminal's input as it starts reading (TCSAFLUSH): a password typed
    // the instant its prompt shows can be thrown away. Still at the prompt a while later, a person
    // types it again; so does the test (the outcome is asserted all the same).
    const answer = async (password: string, until: (s: string) => boolean, what: string) => {
      for (let i = 0; i < 3; i++) {
        await term!.type(password);
        await term!.send('Enter');
        if (await term!.waitForScreen(until, what, 8_000).then(() => true, () => false)) return;
        if (!/Password: *$/m.test(await term!.capture())) break;
      }
      await term!.waitForScreen(until, what, 30_000);
    };
    await stop();
    await answer('wrong-password', (s) => /Stop x-run\.service: not authorized \(the password was wrong, or the question was cancelled\)/.test(s), 'back in the UI, refused');
    assert.equal((await box().systemctl(['is-active', 'x-run.service'])).stdout.trim(), 'active');
    await stop();
    await answer('bobpw', (s) => s.includes('Stop x-run.service: done'), 'the stop, done');
    await waitFor(async () => (await box().systemctl(['is-active', 'x-run.service'])).stdout.trim() === 'inactive', 'x-run stopped for real');
    await term.send('q');
    await term.waitForExit();
  });

  test("polkit's question: keys typed before the prompt are neither echoed nor acted on; Ctrl-C cancels the question and the UI stays", async () => {
    const b = box();
    assert.equal((await b.systemctl(['start', 'x-two.service'])).exitCode, 0);
    const before = (await b.systemctl(['show', '-p', 'InvocationID', '--value', 'x-two.service'])).stdout.trim();
    term = await open(['x-two*'], { login: 'bob' });
    await term.waitForScreen((s) => /x-two\.service +active \(running\)/.test(s) && /actions ask for a password/.test(s), 'the list as bob');
    await term.send('x');
    await term.waitForScreen((s) => s.includes('Stop x-two.service?'), 'the confirmation');
    // y, and at once keys that would quit (q) or restart (r) in the UI, and a "password" typed early.
    await term.send('y');
    await term.type('qrearly-secret');
    await term.waitForScreen((s) => /asking polkit for authorization/.test(s), 'svctui says at once what is happening', 5_000);
    await term.waitForScreen((s) => /AUTHENTICATING FOR org\.freedesktop\.systemd1\.manage-units/.test(s) && /Password: *$/m.test(s), 'the password prompt', 20_000);
    assert.doesNotMatch(await term.capture(), /early-secret|qrearly/, 'nothing typed early was echoed');
    await term.type('half-typed');
    await term.send('C-c');
    await term.waitForScreen((s) => /Stop x-two\.service: cancelled at polkit's question \(Ctrl-C\); nothing was changed\./.test(s.replace(/\n/g, '')) && / · live · /.test(s), 'back in the UI, the question cancelled', 20_000);
    // The early keys were not keys: no restart, no quit, no dialog; the unit runs the same invocation.
    await waitFor(async () => (await b.systemctl(['show', '-p', 'InvocationID', '--value', 'x-two.service'])).stdout.trim() === before, 'the same run');
    assert.equal((await b.systemctl(['is-active', 'x-two.service'])).stdout.trim(), 'active');
    const screen = await term.capture();
    assert.doesNotMatch(screen, /early-secret|half-typed|Restart x-two/);
    await term.send('j');
    await term.waitForScreen((s) => / · live · /.test(s), 'the UI still takes keys');
    await term.send('q');
    assert.equal((await term.waitForExit()).status, 0);
    await term.close();
    term = undefined;
  });
});
