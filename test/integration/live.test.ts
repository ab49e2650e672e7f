// The live unit table against a real manager: the first listing needs no per-unit reads; runtime
// facts are read for the units on screen only; an exit of a unit never shown is still remembered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LiveUnits } from '../../src/app/live.js';
import { Systemd } from '../../src/app/manager.js';
import { RunHistory } from '../../src/app/runHistory.js';
import { HistoryStore } from '../../src/host/local/state/historyStore.js';
import { countStates, visibleRows } from '../../src/core/model/units.js';
import { useSandbox, waitForState } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';
import { LocalHost } from '../../src/host/local/localHost.js';

const UNITS = {
  'l-fail.service': "[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
  'l-other.service': "[Service]\nExecStart=/bin/sh -c 'exit 4'\n",
  'l-run.service': '[Service]\nExecStart=/bin/sleep infinity\n',
  'l-gh@.service': '[Service]\nExecStart=/bin/sleep infinity\n',
  // Its start job lasts while ExecStartPre sleeps.
  'l-slow.service': '[Service]\nExecStartPre=/bin/sleep 3\nExecStart=/bin/sleep infinity\n',
};

describe('live units', () => {
  const sandbox = useSandbox({ units: UNITS });
  let live: LiveUnits;
  let store: HistoryStore;
  const row = (name: string) => visibleRows(live.state, { type: 'all', text: '', all: true }).find((r) => r.name === name);

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'l-fail.service', 'l-other.service', 'l-run.service'])).exitCode, 0);
    await waitForState(sb, 'l-fail.service', { ActiveState: 'failed' });
    await waitForState(sb, 'l-other.service', { ActiveState: 'failed' });
    store = await HistoryStore.open(`${sb.root}/svctui-state/history.sqlite`, 'live-test');
    // No journal: what the rows show comes from D-Bus alone.
    live = await LiveUnits.open(await Systemd.connect(new LocalHost(), { scope: 'user', address: sb.busAddress }));
    await live.loadBackground(async () => new RunHistory('user', false, store));
  });
  after(() => live?.close());

  test('the listing alone gives state but no facts (the row says it is loading, not "none"); wanting a unit reads its facts', async () => {
    assert.equal(row('l-fail.service')?.active, 'failed');
    assert.deepEqual([row('l-fail.service')?.lastExit, row('l-fail.service')?.stopReason], ['…', '…']);
    live.wantFacts(['l-fail.service']);
    await waitFor(() => row('l-fail.service')?.lastExit === '3', 'the facts of l-fail');
    assert.equal(row('l-fail.service')?.stopReason, 'exit-code');
    // Not wanted, not read.
    assert.equal(row('l-other.service')?.lastExit, '…');
  });

  test('a job\'s type is asked as soon as the job appears, shown or not (a restart is told from a stop by it)', async () => {
    live.wantFacts(['l-fail.service']);
    assert.equal((await sandbox().systemctl(['start', '--no-block', 'l-slow.service'])).exitCode, 0);
    await waitFor(() => row('l-slow.service')?.job === 'start', 'the start job on the row of a unit not on screen');
    await waitFor(() => row('l-slow.service')?.job === undefined && row('l-slow.service')?.active === 'active', 'the job done');
  });

  test('a unit that exits while never shown is remembered with its run id', async () => {
    assert.equal((await sandbox().systemctl(['kill', '--signal=KILL', 'l-run.service'])).exitCode, 0);
    await waitFor(() => row('l-run.service')?.active === 'failed', 'l-run failed in the table');
    live.history!.flush();
    await waitFor(() => {
      live.history!.flush();
      const runs = store.load(['l-run.service']).get('l-run.service') ?? [];
      return runs.some((r) => r.exitCode === 2 && r.exitStatus === 9 && /^[0-9a-f]{32}$/.test(r.invocationId));
    }, 'the exit of l-run in the store');
  });
  test('a viewer never loads a removed unit again: 100 instances started and stopped leave no ghost rows', async () => {
    const sb = sandbox();
    const names = Array.from({ length: 100 }, (_, i) => `l-gh@${i}.service`);
    assert.equal((await sb.systemctl(['start', ...names])).exitCode, 0);
    await waitFor(() => names.every((n) => row(n)?.active === 'active'), 'all 100 live in the table', 20_000);
    live.wantFacts(names.slice(0, 40));
    assert.equal((await sb.systemctl(['stop', ...names])).exitCode, 0);
    // systemd collects them: none is loaded any more, and svctui did not make it load one again.
    const loadedThere = async () => (await sb.systemctl(['list-units', '--all', '--no-legend', '--plain', 'l-gh@*'])).stdout.trim();
    await waitFor(async () => ((await loadedThere()) === '' ? true : undefined), 'systemd collected every instance', 10_000);
    await waitFor(() => names.every((n) => row(n) === undefined || row(n)?.load === 'not-loaded'), 'no loaded-looking row left', 5_000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await loadedThere(), '', 'nothing was loaded again after the stop');
    assert.deepEqual(names.filter((n) => row(n) !== undefined && row(n)!.load !== 'not-loaded'), []);
  });
  test("the header's counts are systemctl list-units --all's, for the type shown", async () => {
    const sb = sandbox();
    for (const type of ['service', 'socket', 'target'] as const) {
      const theirs = async () => {
        const lines = (await sb.systemctl(['list-units', '--all', `--type=${type}`, '--no-legend', '--plain'])).stdout.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
        return { failed: lines.filter((c) => c[2] === 'failed').length, inactive: lines.filter((c) => c[1] === 'loaded' && c[2] === 'inactive').length, running: lines.filter((c) => c[2] === 'active').length };
      };
      await waitFor(async () => {
        const want = await theirs();
        const got = countStates(live.state, type);
        return got.failed === want.failed && got.inactive === want.inactive && got.running === want.running ? true : undefined;
      }, `the ${type} counts: svctui ${JSON.stringify(countStates(live.state, type))}, systemctl ${JSON.stringify(await theirs())}`, 5_000);
    }
  });
});
