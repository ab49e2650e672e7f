// The actions beyond start and stop, against a real sandboxed manager: K sends a chosen signal to
// whom the user chose, m/M mask and unmask, and a unit file changed on disk is marked until D
// reloads the manager. systemctl show (the manager's own answer) says what really happened: not
// is-enabled, which reads unit files itself on a machine that did not boot with systemd.
import assert from 'node:assert/strict';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Systemd } from '../../src/app/manager.js';
import { LiveUnits } from '../../src/app/live.js';
import { RunHistory } from '../../src/app/runHistory.js';
import { App } from '../../src/tui/App.js';
import { LocalHost } from '../../src/host/local/localHost.js';
import { showProps, useSandbox, waitForState } from '../helpers/sandbox.js';
import { KEYS, lines, renderAt, type Harness } from './harness.js';

const UNITS = {
  'ac-kill.service': '[Unit]\nDescription=Killed by K\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'ac-disk.service': '[Unit]\nDescription=Changed on disk\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('K, m, M and D against a real manager', () => {
  const sandbox = useSandbox({ units: UNITS });
  let live: LiveUnits;
  let h: Harness;

  before(async () => {
    const sb = sandbox();
    // A unit that can be masked: its file is not where the mask goes (the user's config folder).
    const vendor = join(sb.root, 'home/.local/share/systemd/user');
    await mkdir(vendor, { recursive: true });
    await writeFile(join(vendor, 'ac-mask.service'), '[Unit]\nDescription=Masked by m\n\n[Service]\nExecStart=/bin/sleep infinity\n');
    assert.equal((await sb.systemctl(['daemon-reload'])).exitCode, 0);
    assert.equal((await sb.systemctl(['start', 'ac-kill.service', 'ac-disk.service'])).exitCode, 0);
    live = new LiveUnits(await Systemd.connect(new LocalHost(), { scope: 'user', address: sb.busAddress }), new RunHistory('user', { host: new LocalHost(), directory: sb.journalDir }));
    await live.start();
    void live.loadBackground();
    h = renderAt(<App live={live} journal={{ host: new LocalHost(), directory: sb.journalDir }} managerLabel="test (user manager)" host="testhost" onSwitchManager={async () => ({ ok: false, text: 'no' })} />, { columns: 120, rows: 30 });
    await h.waitFor((f) => f.includes('ac-kill.service') && f.includes('ac-disk.service'), 'the list');
  });
  after(() => {
    h?.unmount();
    live?.close();
  });

  // Each test selects what it acts on (any one runs alone): the filter cleared, then the unit's name.
  const select = async (unit: string) => {
    h.press('/', KEYS.esc);
    await h.waitFor((f) => !f.includes('Enter keeps'), 'no filter');
    h.press('/', ...unit.split(''), KEYS.enter);
    await h.waitFor((f) => f.includes(`── ${unit}`) && !f.includes('Enter keeps'), `${unit} selected`);
  };

  test('K: SIGKILL to the main process, asked and confirmed; systemd says Result=signal', async () => {
    await select('ac-kill.service');
    const { MainPID } = await showProps(sandbox(), 'ac-kill.service', ['MainPID']);
    h.press('K');
    await h.waitFor((f) => flat(f).includes('Which signal?') && flat(f).includes(`main process ${MainPID}`), 'the signal question, with the main PID');
    // Every signal, what it does, the letter that picks it and what Enter does: all on screen.
    for (const words of ['term: SIGTERM, asks it to stop (the default)', 'kill: SIGKILL, cannot be caught', 'usr1: SIGUSR1', 'Answers: [t]erm [k]ill [h]up [i]nt [q]uit [u]sr1 · Enter: term · Esc: cancel'])
      assert.ok(flat(h.lastFrame()).includes(words), words);
    h.press('k');
    await h.waitFor((f) => flat(f).includes('SIGKILL to whom?') && flat(f).includes('Answers: [m]ain [a]ll · Enter: main'), 'the whom question, with its answers');
    h.press('m');
    await h.waitFor((f) => flat(f).includes(`Send SIGKILL to its main process (${MainPID})? [y/N]`), 'the confirmation, with its answers');
    h.press('y');
    await h.waitFor((f) => flat(f).includes('Sent SIGKILL.'), 'sent');
    h.press(KEYS.enter);
    await h.waitFor((f) => f.includes("Kill ac-kill.service: sent SIGKILL to ac-kill.service's main process"), 'the status line');
    await waitForState(sandbox(), 'ac-kill.service', { ActiveState: 'failed', Result: 'signal', ExecMainStatus: '9' });
    await h.waitFor((f) => /ac-kill\.service +failed +SIGKILL +signal/.test(f), 'the row: killed by a signal');
  });

  test('K on a unit that is not running says why, and asks nothing', async () => {
    const sb = sandbox();
    if ((await sb.systemctl(['is-active', 'ac-kill.service'])).stdout.trim() === 'active') await sb.systemctl(['kill', '--signal=KILL', 'ac-kill.service']);
    await waitForState(sb, 'ac-kill.service', { ActiveState: 'failed' });
    await select('ac-kill.service');
    await h.waitFor((f) => /ac-kill\.service +failed/.test(f), 'the row says failed');
    h.press('K');
    await h.waitFor((f) => f.includes('ac-kill.service is not running (it is failed); it has no processes to signal'), 'the refusal');
  });

  test('m on a unit whose file is where the mask would go: systemd refuses, said in words', async () => {
    await select('ac-kill.service');
    h.press('m');
    await h.waitFor((f) => f.includes('Mask ac-kill.service? (y = yes, n/Esc = no)'), 'the confirmation');
    h.press('y');
    await h.waitFor((f) => f.includes('Mask ac-kill.service: its own unit file is where the mask link would go; disable it, or move the file'), 'the refusal in words');
    assert.equal((await showProps(sandbox(), 'ac-kill.service', ['UnitFileState'])).UnitFileState, 'static');
  });

  test('m masks (after a confirmation), the row says masked; M unmasks', async () => {
    // Never started, so not loaded: a shows unit files too.
    h.press('a');
    await select('ac-mask.service');
    h.press('m');
    await h.waitFor((f) => f.includes('Mask ac-mask.service? (y = yes, n/Esc = no)'), 'the confirmation');
    h.press('y');
    await h.waitFor((f) => f.includes('Mask ac-mask.service: done'), 'masked, said');
    assert.equal((await showProps(sandbox(), 'ac-mask.service', ['UnitFileState'])).UnitFileState, 'masked');
    await h.waitFor((f) => /ac-mask\.service +masked /.test(f), 'the row says masked');
    h.press('s');
    await h.waitFor((f) => f.includes('ac-mask.service is masked; M unmasks it'), 's refused, with what to do');
    h.press('M');
    await h.waitFor((f) => f.includes('Unmask ac-mask.service: done'), 'unmasked, said');
    assert.equal((await showProps(sandbox(), 'ac-mask.service', ['UnitFileState'])).UnitFileState, 'static');
    await h.waitFor((f) => /ac-mask\.service +(inactive \(dead\)|not loaded)/.test(f), 'the row: a unit again');
    h.press('a');
  });

  test('a unit file changed on disk: marked NAME*, counted in the header, warned in the detail; D reloads', async () => {
    const sb = sandbox();
    await appendFile(join(sb.unitDir, 'ac-disk.service'), '# changed\n');
    assert.equal((await showProps(sb, 'ac-disk.service', ['NeedDaemonReload'])).NeedDaemonReload, 'yes');
    await select('ac-disk.service');
    const frame = await h.waitFor((f) => flat(f).includes("changed on disk. Run 'systemctl --user daemon-reload' to reload units. D does that here.") && /ac-disk\.service\* +active \(running\)/.test(f), 'the warning and the mark');
    // (Shortened when the header is full.)
    assert.match(lines(frame)[0]!, / · (1 changed on disk \(\*\): D reloads|1\* D) · /);
    h.press('D');
    await h.waitFor((f) => f.includes('Reload the manager (daemon-reload): done'), 'reloaded, said');
    assert.equal((await showProps(sb, 'ac-disk.service', ['NeedDaemonReload'])).NeedDaemonReload, 'no');
    await h.waitFor((f) => !f.includes('changed on disk') && /ac-disk\.service +active \(running\)/.test(f), 'no mark, no warning');
  });
});
