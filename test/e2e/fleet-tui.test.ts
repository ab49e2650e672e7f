// The fleet in the TUI: the real binary in tmux over twelve hosts — eleven system boxes, each
// reached by real ssh through `ProxyCommand nsenter … sshd -i`, and one that cannot be reached.
// The truth is what the test did on each host and what that host's own systemctl says: the list
// shows every host's failures with their exact reasons, folds identical ones across hosts (and
// splits the fold when one host changes), says the unreachable host in words, reads the selected
// row's unit on its own host, acts on that host only, and follows a host whose manager re-executes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSystemBox, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { sshIntoBoxes, type BoxSsh } from '../helpers/boxSsh.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  // Exits with $CODE (3 unless the host's manager environment says otherwise).
  'ft-exit.service': "[Unit]\nDescription=Exits\n\n[Service]\nExecStart=/bin/sh -c 'exit ${CODE:-3}'\n",
  'ft-run.service': '[Unit]\nDescription=Runs\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};
const LIVE = Array.from({ length: 11 }, (_, i) => `web${i + 1}`);
const EXIT3 = ['web1', 'web2', 'web3', 'web7'];
const KILLED = 'web5';

describe('the fleet in the TUI (12 hosts, one unreachable)', () => {
  const boxes = new Map<string, SystemBox>();
  let ssh: (BoxSsh & { hosts: string[] }) | undefined;
  let term: Terminal | undefined;
  const box = (h: string) => boxes.get(h)!;
  const show = async (h: string, unit: string, prop: string) => (await box(h).systemctl(['show', '-p', prop, '--value', unit])).stdout.trim();

  before(async () => {
    const started = await Promise.all(LIVE.map(() => startSystemBox({ units: UNITS })));
    LIVE.forEach((h, i) => boxes.set(h, started[i]!));
    await Promise.all(
      LIVE.map(async (h) => {
        await box(h).systemctl(['start', 'ft-run.service']);
        if (EXIT3.includes(h)) await box(h).systemctl(['start', 'ft-exit.service']);
        if (h === KILLED) await box(h).systemctl(['kill', '--signal=KILL', 'ft-run.service']);
      }),
    );
    for (const h of LIVE) {
      const want = (EXIT3.includes(h) ? 1 : 0) + (h === KILLED ? 1 : 0);
      await waitFor(async () => ((await box(h).systemctl(['list-units', '--failed', '--no-legend', '--plain', 'ft-*'])).stdout.trim().split('\n').filter(Boolean).length === want ? true : undefined), `${h}'s failures`);
    }
    ssh = await sshIntoBoxes(LIVE.map((host) => ({ box: box(host), host })), ['web12']);
  });
  after(async () => {
    await term?.close();
    ssh?.remove();
    await Promise.all([...boxes.values()].map((b) => b.stop()));
  });

  /** Failed services over every live host, as each host's systemctl counts them. */
  const failedServices = async () => {
    let n = 0;
    for (const h of LIVE) n += (await box(h).systemctl(['list-units', '--failed', '--type=service', '--no-legend', '--plain'])).stdout.trim().split('\n').filter(Boolean).length;
    return n;
  };

  test('failures of every host, folded; the unreachable host in words; the pane and actions on the row host', async () => {
    term = await openTerminal(svctuiCommand(['--no-config', '-H', 'web[1-12]', 'ft-*']), { columns: 150, rows: 44 }, { PATH: ssh!.path, NO_COLOR: '1' });
    const t = term;
    // Every host's failures, as its own systemctl says, with exact reasons; identical ones folded.
    for (const h of LIVE) {
      const failed = (await box(h).systemctl(['list-units', '--failed', '--no-legend', '--plain', 'ft-*'])).stdout.trim();
      assert.equal(failed ? failed.split('\n').length : 0, (EXIT3.includes(h) ? 1 : 0) + (h === KILLED ? 1 : 0), `${h}: systemctl --failed`);
    }
    await t.waitForScreen(
      (s) => /11 of 12 hosts live · web12 unreachable/.test(s) && /web\[1-3,7\] +ft-exit\.service +failed +3 +exit-code/.test(s) && /web5 +ft-run\.service +failed +SIGKILL +signal/.test(s),
      'the folded exit-code failure, web5 killed, web12 unreachable in the header',
      60_000,
    );
    // (journalctl on a host agrees on the cause: the status and the signal.)
    const j = (await box('web5').exec(['journalctl', '-u', 'ft-run.service', '-o', 'cat', '--no-pager'])).stdout;
    assert.match(j, /Main process exited, code=killed, status=9\/KILL/);
    // Failed first: the fold and web5's row come before the running units.
    const screen = await t.capture();
    assert.ok(screen.indexOf('ft-exit.service') < screen.indexOf('active (running)'), screen);
    // ft-run.service: active on the ten others, one fold once every host's facts are read.
    await t.waitForScreen((s) => /web\[1-4,6-11\] +ft-run\.service +active \(running\) +- +- /.test(s), 'ft-run.service running on ten hosts, folded', 30_000);

    // The first row (failed first) is the fold: the pane is web1's unit, and an action is refused.
    // (The selection stays on the unit it first fell on as hosts come in: g goes to the top.)
    await t.send('g');
    await t.waitForScreen((s) => /ft-exit\.service on web1 \(folded: web\[1-3,7\]; z expands\)/.test(s), 'the pane names the fold');
    await t.send('r');
    await t.waitForScreen((s) => /ft-exit\.service is folded on web\[1-3,7\] \(the same on each\): z expands it/.test(s), 'acting on a fold refused');
    await t.send('z');
    await t.waitForScreen((s) => ['web1', 'web2', 'web3', 'web7'].every((h) => new RegExp(`${h} +ft-exit\\.service +failed +3 +exit-code`).test(s)), 'a row per host');
    await t.send('z');
    await t.waitForScreen((s) => /web\[1-3,7\] +ft-exit\.service +failed/.test(s), 'folded again');

    // One host changes: web2's unit now fails with 4, so the fold splits by itself.
    await box('web2').systemctl(['set-environment', 'CODE=4']);
    await box('web2').systemctl(['start', 'ft-exit.service']);
    await t.waitForScreen((s) => /web\[1,3,7\] +ft-exit\.service +failed +3 +exit-code/.test(s) && /web2 +ft-exit\.service +failed +4 +exit-code/.test(s), 'the fold split: web2 apart with its exit 4', 30_000);

    // web5's row: the pane reads web5's unit (its invocation), and a restart goes to web5 only.
    await t.send('/');
    await t.type('web5');
    await t.send('Enter');
    await t.waitForScreen((s) => /ft-run\.service on web5/.test(s) && !/web\[1-3,7\]/.test(s), "web5's units only (the filter names a host)");
    await t.send('g');
    const web5Invocation = await show('web5', 'ft-run.service', 'InvocationID');
    const web4Before = await show('web4', 'ft-run.service', 'InvocationID');
    await t.send('j');
    await t.waitForScreen((s) => /── ft-run\.service on web5/.test(s), 'web5 ft-run selected');
    await t.send('r');
    await t.waitForScreen((s) => s.includes('Restart ft-run.service on web5? (y = yes'), 'the question names the host');
    await t.send('y');
    await t.waitForScreen((s) => /web5: Restart ft-run\.service: done/.test(s), 'done, on web5', 30_000);
    await waitFor(async () => ((await show('web5', 'ft-run.service', 'ActiveState')) === 'active' ? true : undefined), 'web5 ft-run active');
    assert.notEqual(await show('web5', 'ft-run.service', 'InvocationID'), web5Invocation, 'a new run on web5');
    assert.equal(await show('web4', 'ft-run.service', 'InvocationID'), web4Before, 'web4 untouched');
    for (const h of LIVE.filter((x) => x !== KILLED)) assert.equal(await show(h, 'ft-run.service', 'NRestarts'), '0');
    // The header's failed count is every live host's, as their systemctl counts them: web5's unit
    // runs again, one failure fewer (a host's count is taken again only when that host changed).
    const failedAfterRestart = await failedServices();
    await t.waitForScreen((s) => s.includes(` · ${failedAfterRestart} failed`), `the header's ${failedAfterRestart} failed after web5's restart`, 10_000);

    // The hosts view: one row per host; web12's reason in words.
    await t.send('/');
    await t.send('Escape');
    // (A key right after Esc would read as Alt+key.)
    await t.waitForScreen((s) => /web\[1,3,7\] +ft-exit\.service/.test(s) && /q quit\s*$/.test(s), 'every host again, the filter closed');
    await t.send('4');
    await t.waitForScreen((s) => /web12 +unreachable +\? +\? .*(unreachable: .*No route to host|unreachable: the connection closed before SSH)/.test(s) && /web1 +live +1 +ft-exit\.service +3 exit-code/.test(s) && /web6 +live +0 +- /.test(s), 'the hosts view', 20_000);

    // web6's manager re-executes: the host is live again and a failure after it shows.
    await box('web6').systemctl(['daemon-reexec']);
    await box('web6').systemctl(['start', 'ft-exit.service']);
    await t.waitForScreen((s) => /web6 +live +1 +ft-exit\.service +3 exit-code/.test(s), "web6's failure after its manager re-executed", 30_000);
    const failedWithWeb6 = await failedServices();
    await t.waitForScreen((s) => s.includes(` · ${failedWithWeb6} failed`), `the header's ${failedWithWeb6} failed with web6's failure`, 10_000);
    await t.send('q');
    assert.equal((await t.waitForExit()).status, 0);
  });
});
