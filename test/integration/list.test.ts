// `svctui list` against a real manager: LAST EXIT and STOP REASON for units stopped in every way.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ORACLE_STARTED, ORACLE_UNITS } from '../helpers/oracleUnits.js';
import { svctui, useSandbox, waitForState } from '../helpers/sandbox.js';

interface JsonRow {
  unit: string;
  load: string;
  active: string;
  sub: string;
  lastExit: string;
  stopReason: string;
  exitCode: string | null;
  exitStatus: number | null;
  result: string | null;
  since: string | null;
  description: string;
}

describe('svctui list', () => {
  const sandbox = useSandbox({ units: { ...ORACLE_UNITS, 'o-never.service': '[Unit]\nDescription=Never started\n\n[Service]\nExecStart=/bin/true\n' } });
  let rows: Map<string, JsonRow>;

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', '--no-block', ...ORACLE_STARTED])).exitCode, 0);
    await waitForState(sb, 'o-exit3.service', { ActiveState: 'failed' });
    await waitForState(sb, 'o-exec.service', { ActiveState: 'failed' });
    await waitForState(sb, 'o-sigkill.service', { ActiveState: 'failed' });
    await waitForState(sb, 'o-core.service', { ActiveState: 'failed' });
    await waitForState(sb, 'o-timeout.service', { ActiveState: 'failed' });
    await waitForState(sb, 'o-exit0.service', { ActiveState: 'inactive', ExecMainCode: '1' });
    await waitForState(sb, 'o-oneshot.service', { SubState: 'exited' });
    await waitForState(sb, 'o-stopped.service', { SubState: 'running' });
    assert.equal((await sb.systemctl(['stop', 'o-stopped.service'])).exitCode, 0);
    const r = await svctui(sb, ['list', '--all', '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    rows = new Map((JSON.parse(r.stdout) as JsonRow[]).map((row) => [row.unit, row]));
  });

  const expected: [string, string, string, string][] = [
    ['o-oneshot.service', 'active', '0/SUCCESS', 'exited'],
    ['o-exit0.service', 'inactive', '0/SUCCESS', 'exited'],
    ['o-exit3.service', 'failed', '3', 'exit-code'],
    ['o-exec.service', 'failed', '203/EXEC', 'exit-code'],
    ['o-sigkill.service', 'failed', 'SIGKILL', 'signal'],
    ['o-core.service', 'failed', 'SIGSEGV (core)', 'core-dump'],
    ['o-timeout.service', 'failed', 'SIGTERM', 'timeout'],
    ['o-stopped.service', 'inactive', 'SIGTERM', 'stopped'],
    ['o-running.service', 'active', '-', '-'],
  ];
  for (const [unit, active, lastExit, reason] of expected) {
    test(`${unit}: ${lastExit} / ${reason}`, () => {
      const row = rows.get(unit);
      assert.ok(row, `${unit} is listed`);
      assert.equal(row.active, active);
      assert.equal(row.lastExit, lastExit);
      assert.equal(row.stopReason, reason);
    });
  }

  test('JSON rows have stable fields and no bigint trouble', () => {
    const row = rows.get('o-core.service')!;
    assert.deepEqual(Object.keys(row).sort(), ['active', 'description', 'exitCode', 'exitSource', 'exitStatus', 'job', 'lastExit', 'load', 'result', 'runs', 'since', 'stopReason', 'sub', 'unit', 'unitFileState'].sort());
    assert.equal(row.exitCode, 'dumped');
    assert.equal(row.exitStatus, 11);
    assert.equal(row.result, 'core-dump');
    assert.match(row.since!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('a unit file that is not loaded appears only with --files', async () => {
    assert.equal(rows.has('o-never.service'), false);
    const r = await svctui(sandbox(), ['list', '--all', '--files', '--json', 'o-never*']);
    assert.equal(r.exitCode, 0, r.stderr);
    const all = JSON.parse(r.stdout) as JsonRow[];
    assert.deepEqual(
      all.map((x) => [x.unit, x.load, x.active, x.lastExit, x.stopReason]),
      // It never ran, and the journal (read, going back to when the manager loaded its units) says so.
      [['o-never.service', 'not-loaded', 'inactive', '-', '-']],
    );
    // Without the journal that is not knowable: "?".
    const blind = await svctui(sandbox(), ['list', '--all', '--files', '--json', '--journal-dir', '/nonexistent', 'o-never*']);
    assert.deepEqual((JSON.parse(blind.stdout) as JsonRow[]).map((x) => [x.lastExit, x.stopReason]), [['?', 'unknown']]);
  });

  test("the default rows are systemctl list-units' (names, in order); --all is list-units --all", async () => {
    const sb = sandbox();
    for (const [ours, theirs] of [[[], []], [['--all'], ['--all']], [['o-ex*'], ['o-ex*']]] as const) {
      const names = async () => {
        const r = await svctui(sb, ['list', '--json', ...ours]);
        assert.equal(r.exitCode, 0, r.stderr);
        const t = await sb.systemctl(['list-units', '--no-legend', '--plain', ...theirs]);
        const them = t.stdout.split('\n').map((l) => l.replace(/^\s*●?\s*/, '').split(/\s+/)[0]!).filter(Boolean);
        return { ours: (JSON.parse(r.stdout) as JsonRow[]).map((x) => x.unit), them };
      };
      // (Asked one after the other: a unit of the sandbox's own may change between; asked again then.)
      let got = await names();
      for (let i = 0; i < 3 && JSON.stringify(got.ours) !== JSON.stringify(got.them); i++) got = await names();
      assert.deepEqual(got.ours, got.them, `list ${ours.join(' ')}`);
    }
  });

  test('patterns are shell globs', async () => {
    const r = await svctui(sandbox(), ['list', '--all', '--json', 'o-ex*', 'o-?ore.service']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as JsonRow[]).map((x) => x.unit), ['o-core.service', 'o-exec.service', 'o-exit0.service', 'o-exit3.service']);
  });

  test('the table has the columns and a row per unit', async () => {
    const r = await svctui(sandbox(), ['list', 'o-exit3.service', 'o-sigkill.service']);
    assert.equal(r.exitCode, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^UNIT +LOAD +ACTIVE +SUB +LAST EXIT +STOP REASON +SINCE +DESCRIPTION$/);
    assert.match(lines[1]!, /^o-exit3\.service +loaded +failed +failed +3 +exit-code +\d+s +Oracle exits 3$/);
    assert.match(lines[2]!, /^o-sigkill\.service +loaded +failed +failed +SIGKILL +signal +\d+s +Oracle killed by SIGKILL$/);
    assert.equal(lines[4], '2 loaded units listed. Pass --all to see loaded but inactive units, too. --files adds unit files that are not loaded.');
  });
});
