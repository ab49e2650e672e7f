// The whole App against a real sandboxed manager, in a fake terminal of 80x24 and 40x12.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Systemd } from '../../src/app/manager.js';
import { LiveUnits } from '../../src/app/live.js';
import { RunHistory } from '../../src/app/runHistory.js';
import { HistoryStore } from '../../src/host/local/state/historyStore.js';
import { App } from '../../src/tui/App.js';
import { showProps, useSandbox, waitForState } from '../helpers/sandbox.js';
import { KEYS, lines, renderAt, type Harness } from './harness.js';
import { LocalHost } from '../../src/host/local/localHost.js';

const UNITS = {
  'u-run.service': '[Unit]\nDescription=Runs until stopped\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'u-fail.service': "[Unit]\nDescription=Exits 3\n\n[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
  'u-anchor.service': '[Unit]\nAfter=u-run.service\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

describe('App against a real manager', () => {
  const sandbox = useSandbox({ units: UNITS });
  let live: LiveUnits;
  let h: Harness;

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'u-run.service', 'u-fail.service', 'u-anchor.service'])).exitCode, 0);
    await waitForState(sb, 'u-fail.service', { ActiveState: 'failed' });
    const store = await HistoryStore.open(`${sb.root}/svctui-state/history.sqlite`, 'test');
    live = new LiveUnits(await Systemd.connect(new LocalHost(), { scope: 'user', address: sb.busAddress }), new RunHistory('user', { host: new LocalHost(), directory: sb.journalDir }, store));
    await live.start();
    void live.loadBackground();
    h = renderAt(
      <App live={live} journal={{ host: new LocalHost(), directory: sb.journalDir }} managerLabel="test (user manager)" host="testhost" onSwitchManager={async () => ({ ok: false, text: 'no other manager in tests' })} />,
      { columns: 80, rows: 24 },
    );
  });
  after(() => {
    h?.unmount();
    live?.close();
  });
  // Each test sets up what it needs (any one runs alone): the list is live with its facts first.
  const ready = () => h.waitFor((f) => / · live · /.test(f) && /\.service /.test(f) && !/ … +… /.test(f), 'the list, live, with its facts');
  const only = async (name: string) => {
    await ready();
    h.press('/', KEYS.esc);
    await h.waitFor((f) => !f.includes('Enter keeps'), 'no filter');
    h.press('/', ...name.split(''), KEYS.enter);
    await h.waitFor((f) => f.includes(`── ${name}.service`) && !f.includes('Enter keeps'), `${name} alone, selected`);
  };

  test('lists the units with their exit codes and reasons, failed first, and the selected unit\'s status', async () => {
    const frame = await h.waitFor((f) => /u-fail\.service +failed +3 +exit-code/.test(f) && f.includes('× u-fail.service - Exits 3'), 'the list with u-fail first and its detail');
    const shown = lines(frame);
    assert.equal(shown.length, 24);
    // At 80 columns the header says less rather than cutting: the failed count always stays.
    assert.match(shown[0]!, /^svctui · test \(user\) on testhost · live · 1 failed( \d+ running \d+ inactive)? · services$/);
    // Failed units come first, then the rest by name.
    assert.match(shown[2]!, /^>u-fail\.service +failed +3 +exit-code/);
    assert.match(shown[3]!, /^ dbus\.service +active \(running\)/);
    assert.match(frame, /Main PID: \d+ \(code=exited, status=3\)/);
    assert.match(shown[1]!, /^ UNIT +STATE +LAST EXIT +STOP REASON +SINCE/);
    assert.match(shown[23]!, /^j move {2}\/ filter {2}t type {2}Tab focus {2}s start {2}x stop {2}r restart {2}(e edit {2})?\? help {2}q quit$/);
  });

  test('F shows only failed, then only active units (as systemctl list-units --state says); S orders by name', async () => {
    const names = (frame: string) => lines(frame).slice(2).map((l) => /^[> ](\S+\.service) /.exec(l)?.[1]).filter(Boolean);
    const listed = async (states: string) =>
      (await sandbox().systemctl(['list-units', '--type=service', `--state=${states}`, '--plain', '--no-legend'])).stdout.split('\n').map((l) => l.split(' ')[0]).filter(Boolean).sort();
    h.press('F');
    let frame = await h.waitFor((f) => / · failed only$/m.test(lines(f)[0]!) && !f.includes('dbus.service'), 'failed units only');
    assert.deepEqual(names(frame), await listed('failed'));
    h.press('F');
    frame = await h.waitFor((f) => / · active only$/m.test(lines(f)[0]!) && !f.includes('u-fail.service'), 'active units only');
    assert.deepEqual(names(frame), await listed('active,activating,deactivating,reloading'));
    h.press('F', 'F');
    await h.waitFor((f) => /^svctui .* · services$/.test(lines(f)[0]!) && f.includes('u-fail.service') && f.includes('gpg-agent.service'), 'every state again');
    h.press('S');
    frame = await h.waitFor((f) => / · by name$/.test(lines(f)[0]!), 'sorted by name');
    assert.deepEqual(names(frame), [...names(frame)].sort());
    h.press('S', 'S', 'S');
    frame = await h.waitFor((f) => /^svctui .* · services$/.test(lines(f)[0]!) && /^>?\s?u-fail\.service/.test(lines(f)[2]!), 'failed first again');
    h.press('g');
    await h.waitFor((f) => f.includes('── u-fail.service'), 'the first unit selected');
  });

  test('filter, stop with confirmation (n cancels, y stops), and the state follows live', async () => {
    h.press('/', 'u', '-', 'r', 'u', 'n', KEYS.enter);
    await h.waitFor((f) => f.includes('── u-run.service') && !f.includes('u-fail.service'), 'only u-run listed and selected');
    h.press('x');
    await h.waitFor((f) => f.includes('Stop u-run.service? (y = yes, n/Esc = no)'), 'the confirmation');
    h.press('n');
    await h.waitFor((f) => f.includes('Stop u-run.service: cancelled'), 'the cancel message');
    assert.equal((await sandbox().systemctl(['is-active', 'u-run.service'])).stdout.trim(), 'active');
    h.press('x', 'y');
    await h.waitFor((f) => f.includes('Stop u-run.service: done'), 'the job result');
    await h.waitFor((f) => /u-run\.service +inactive \(dead\) +SIGTERM +stopped/.test(f), 'the row: stopped by request');
    assert.equal((await sandbox().systemctl(['is-active', 'u-run.service'])).stdout.trim(), 'inactive');
  });

  test('keys that do not apply say why; s starts', async () => {
    const sb = sandbox();
    await only('u-run');
    assert.equal((await sb.systemctl(['stop', 'u-run.service'])).exitCode, 0);
    await h.waitFor((f) => /u-run\.service +inactive \(dead\)/.test(f), 'u-run stopped');
    h.press('x');
    await h.waitFor((f) => f.includes('u-run.service is not active (it is inactive); nothing to stop'), 'the refusal');
    h.press('s');
    await h.waitFor((f) => f.includes('Start u-run.service: done'), 'start done');
    await h.waitFor((f) => /u-run\.service +active \(running\)/.test(f), 'running again');
  });

  test('R on a unit without ExecReload= says so in words, with what to do instead', async () => {
    await only('u-run');
    assert.equal((await sandbox().systemctl(['start', 'u-run.service'])).exitCode, 0);
    await h.waitFor((f) => /u-run\.service +active \(running\)/.test(f), 'u-run running');
    h.press('R');
    // (The status line is cut at 80 columns.)
    await h.waitFor((f) => f.includes('Reload u-run.service: u-run.service cannot reload (it has no ExecReload=)'), 'the refusal in words');
    assert.doesNotMatch(h.lastFrame() ?? '', /org\.freedesktop|JobTypeNotApplicable|ReloadUnit\(/);
    // The job never began: the row says the state, not "reloading…".
    await h.waitFor((f) => /u-run\.service +active \(running\)/.test(f), 'the row without a job');
  });

  test('a change made elsewhere shows without a key press', async () => {
    await only('u-run');
    assert.equal((await sandbox().systemctl(['start', 'u-run.service'])).exitCode, 0);
    await h.waitFor((f) => /u-run\.service +active \(running\)/.test(f), 'u-run running');
    assert.equal((await sandbox().systemctl(['kill', '--signal=KILL', 'u-run.service'])).exitCode, 0);
    await h.waitFor((f) => /u-run\.service +failed +SIGKILL +signal/.test(f), 'the outside kill');
  });

  test('a daemon-reload keeps the selection and never shows an empty list', async () => {
    await only('u-fail');
    const before = h.frameCount();
    assert.equal((await sandbox().systemctl(['daemon-reload'])).exitCode, 0);
    await h.waitFor((f) => f.includes('── u-fail.service') && /u-fail\.service +failed +3 +exit-code/.test(f), 'still selected after the reload');
    const during = h.framesSince(before);
    assert.ok(during.every((f) => f.includes('u-fail.service') && !f.includes('No units match')), 'no frame lost the unit');
    h.press('/', KEYS.esc);
    await h.waitFor((f) => f.includes('u-run.service') && !f.includes('Enter keeps'), 'the filter cleared');
  });

  test('the detail pane shows the Runs of a unit; ] selects a run and shows its journal', async () => {
    await only('u-fail');
    h.press(KEYS.tab);
    await h.waitFor((f) => f.includes('(focused: j/k scroll)'), 'the detail focused');
    // (The Runs section comes with the unit's history, a moment after its status: G until it shows.)
    const frame = await h.waitFor((f) => {
      if (!/3 +exit-code +itself/.test(f)) h.press('G');
      return /3 +exit-code +itself/.test(f);
    }, 'the Runs table, scrolled into view');
    assert.match(frame, /STARTED +DURATION +LAST EXIT +STOP REASON +ENDED BY +INVOCATION/);
    assert.match(frame, /Next: exit-code 3 → no restart \(Restart=no\)/);
    h.press(']');
    const withJournal = await h.waitFor((f) => /Journal of run [0-9a-f]{32}\n/.test(f) && (f.split('Journal of run')[1] ?? '').includes('Failed with result'), 'the run journal');
    assert.match(withJournal.split('Journal of run')[1]!, /Started u-fail\.service - Exits 3\./);
    h.press('g');
    await h.waitFor((f) => /^> .*3 +exit-code/m.test(f) || f.includes('× u-fail.service'), 'scrolled back up');
    h.press('[', KEYS.tab);
    await h.waitFor((f) => !f.includes('(focused: j/k scroll)'), 'the list focused');
    h.press('/');
    await h.waitFor((f) => f.includes('Enter keeps'), 'the filter input');
    h.press(KEYS.esc);
    await h.waitFor((f) => !f.includes('Journal of run') && !f.includes('Enter keeps'), 'back to the list');
  });

  test('an exit seen live is kept in the store, with who ended it', async () => {
    const sb = sandbox();
    await ready();
    // A stop by request, seen live…
    assert.equal((await sb.systemctl(['start', 'u-run.service'])).exitCode, 0);
    await h.waitFor((f) => /u-run\.service +active \(running\)/.test(f), 'u-run running');
    assert.equal((await sb.systemctl(['stop', 'u-run.service'])).exitCode, 0);
    await h.waitFor((f) => /u-run\.service +inactive \(dead\) +SIGTERM +stopped/.test(f), 'stopped by request');
    // …then a TERM from outside.
    assert.equal((await sb.systemctl(['start', 'u-run.service'])).exitCode, 0);
    await h.waitFor((f) => /u-run\.service +active \(running\)/.test(f), 'u-run running');
    const { MainPID } = await showProps(sb, 'u-run.service', ['MainPID']);
    process.kill(Number(MainPID), 'SIGTERM');
    await h.waitFor((f) => /u-run\.service +inactive \(dead\) +SIGTERM +signal/.test(f), 'an outside TERM is a signal, not a stop');
    // Saved in batches (a moment later, or now on flush, as on quit).
    live.history?.flush();
    const store = await HistoryStore.open(`${sb.root}/svctui-state/history.sqlite`, 'test');
    const runs = store.load(['u-run.service']).get('u-run.service') ?? [];
    store.close();
    const [last, earlier] = runs.filter((r) => r.exitStatus === 15).sort((a, b) => Number((b.endUs ?? 0n) - (a.endUs ?? 0n)));
    assert.ok(last && earlier, 'both runs ended by TERM are stored');
    assert.deepEqual([last.exitCode, last.stopJob, last.sources], [2, false, ['store']], 'the outside kill');
    assert.deepEqual([earlier.exitCode, earlier.stopJob], [2, true], 'the stop by request before it');
  });

  test('help lists the bindings; Esc closes it', async () => {
    await ready();
    h.press('?');
    await h.waitFor((f) => f.includes('svctui keys') && f.includes('Select the next unit'), 'the help screen');
    h.press(KEYS.esc);
    await h.waitFor((f) => !f.includes('svctui keys') && f.includes('UNIT'), 'the list again');
  });

  test('at 40x12 the list keeps names and reasons, the detail pane waits for Enter', async () => {
    await ready();
    h.resize(40, 12);
    const frame = await h.waitFor((f) => lines(f).length === 12 && f.includes('u-fail.service'), 'a 40x12 frame');
    const shown = lines(frame);
    assert.ok(shown.every((l) => l.length <= 40), 'no line wider than 40');
    assert.match(shown[1]!, /^ UNIT +STATE +STOP REASON$/);
    assert.ok(!frame.includes('──'), 'no detail pane at 12 rows');
    h.press(KEYS.enter);
    await h.waitFor((f) => f.includes('Loaded: loaded'), 'the detail full-screen');
    h.press(KEYS.enter);
    h.resize(80, 24);
    await h.waitFor((f) => lines(f).length === 24 && f.includes('──'), 'back at 80x24 with the detail pane');
  });
});
