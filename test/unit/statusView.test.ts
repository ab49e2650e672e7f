// The status builder's rules that the sandbox cannot produce (no memory/pids controllers there,
// no frozen units): checked on hand-made properties. Real output is checked by the oracle test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildStatusView, stateText } from '../../src/core/model/statusView.js';
import { lineText } from '../../src/core/model/styled.js';
import { UINT64_MAX } from '../../src/core/decode.js';

const NOW = BigInt(Date.UTC(2026, 10, 22, 12, 0, 0)) * 1000n;
const view = (props: Record<string, unknown>, extra: Partial<Parameters<typeof buildStatusView>[0]> = {}) =>
  buildStatusView({ props, nowUs: NOW, nowMonotonicUs: 1_000_000_000n, timeZone: 'UTC', ...extra }).map(lineText);

test('bad setting shows the reason, in the danger tone', () => {
  const lines = buildStatusView({
    props: { Id: 'x.service', LoadState: 'bad-setting', LoadError: ['org.freedesktop.systemd1.BadUnitSetting', 'Unit x.service has a bad unit file setting.'], ActiveState: 'inactive', SubState: 'dead' },
    nowUs: NOW,
    nowMonotonicUs: 0n,
  });
  assert.equal(lineText(lines[1]!), '     Loaded: bad-setting (Reason: Unit x.service has a bad unit file setting.)');
  assert.deepEqual(lines[1]![1], { text: 'bad-setting', tone: 'danger' });
});

test('counters, freezer, control PID and status text', () => {
  const lines = view({
    Id: 'web.service',
    Description: 'Web',
    LoadState: 'loaded',
    FragmentPath: '/etc/systemd/system/web.service',
    UnitFileState: 'enabled',
    UnitFilePreset: 'disabled',
    ActiveState: 'active',
    SubState: 'running',
    FreezerState: 'frozen',
    Result: 'success',
    ActiveEnterTimestamp: NOW - 5_000_000n,
    MainPID: 100,
    ExecMainPID: 100,
    ControlPID: 200,
    StatusText: 'Serving 3 requests',
    TasksCurrent: 3n,
    TasksMax: 50n,
    MemoryCurrent: 512n * 1024n,
    MemoryHigh: 80n * 1024n * 1024n,
    MemoryMax: 100n * 1024n * 1024n,
    MemorySwapMax: UINT64_MAX,
    MemoryLimit: UINT64_MAX,
    MemoryAvailable: UINT64_MAX,
    CPUUsageNSec: 1_234_567_890n,
    IPIngressBytes: UINT64_MAX,
    IPEgressBytes: UINT64_MAX,
  }, { comm: { 100: 'nginx', 200: 'reload' } });
  assert.deepEqual(lines, [
    '● web.service - Web',
    '     Loaded: loaded (/etc/systemd/system/web.service; enabled; preset: disabled)',
    '     Active: active (running) (frozen) since Sun 2026-11-22 11:59:55 UTC; 5s ago',
    '   Main PID: 100 (nginx); Control PID: 200 (reload)',
    '     Status: "Serving 3 requests"',
    '      Tasks: 3 (limit: 50)',
    '     Memory: 512.0K (high: 80.0M max: 100.0M)',
    '        CPU: 1.234s',
  ]);
});

test('a control process alone is "Cntrl PID", and ASCII glyphs without UTF-8', () => {
  const lines = view({ Id: 'a.service', LoadState: 'loaded', ActiveState: 'deactivating', SubState: 'stop-post', ControlPID: 7, ActiveExitTimestamp: NOW - 1000n }, { unicode: false });
  assert.equal(lines[0], '* a.service');
  assert.equal(lines[2], '     Active: deactivating (stop-post) since Sun 2026-11-22 11:59:59 UTC; 1ms ago');
  assert.equal(lines[3], '  Cntrl PID: 7');
});

test('a failed condition lists what was not met', () => {
  const lines = view({
    Id: 'c.service',
    LoadState: 'loaded',
    ActiveState: 'inactive',
    SubState: 'dead',
    ConditionResult: false,
    ConditionTimestamp: NOW - 60_000_000n,
    Conditions: [
      ['ConditionPathExists', false, false, '/etc/nope', -1],
      ['ConditionUser', false, true, 'root', -1],
    ],
  });
  assert.deepEqual(lines.slice(3), [
    '  Condition: start condition failed at Sun 2026-11-22 11:59:00 UTC; 1min 0s ago',
    '             ├─ConditionPathExists=/etc/nope was not met',
    '             └─ConditionUser=!root was not met',
  ]);
});

test('Process: lines in red for unclean exits, yellow when the failure is ignored', () => {
  const lines = buildStatusView({
    props: {
      Id: 'p.service',
      LoadState: 'loaded',
      ActiveState: 'failed',
      SubState: 'failed',
      Result: 'exit-code',
      ExecMainPID: 10,
      ExecMainCode: 1,
      ExecMainStatus: 3,
      ExecStart: [['/bin/x', ['/bin/x', '-v'], false, 1n, 1n, 2n, 2n, 10, 1, 3]],
      ExecStopPost: [['/bin/h', ['/bin/h'], true, 3n, 3n, 4n, 4n, 11, 2, 9]],
    },
    nowUs: NOW,
    nowMonotonicUs: 0n,
  });
  const processLines = lines.filter((l) => l[0]?.text.startsWith('    Process:'));
  assert.deepEqual(processLines.map(lineText), ['    Process: 10 ExecStart=/bin/x -v (code=exited, status=3)', '    Process: 11 ExecStopPost=/bin/h (code=killed, signal=KILL)']);
  assert.equal(processLines[0]![1]!.tone, 'danger');
  assert.equal(processLines[1]![1]!.tone, 'warning');
});

test('the journal tail follows a blank line', () => {
  const lines = view({ Id: 'j.service', LoadState: 'loaded', ActiveState: 'inactive', SubState: 'dead' }, { journal: ['Nov 22 12:00:00 host j[1]: hello'] });
  assert.deepEqual(lines.slice(-2), ['', 'Nov 22 12:00:00 host j[1]: hello']);
});

test('state text drops a sub state equal to the active state', () => {
  assert.equal(stateText('active', 'running'), 'active (running)');
  assert.equal(stateText('active', 'active'), 'active');
});

test('journal lines take journalctl\'s colours by priority: errors red, warnings yellow, notices bold, debug grey', async () => {
  const { priorityTone } = await import('../../src/core/model/statusView.js');
  assert.deepEqual([0, 3, 4, 5, 6, 7, undefined].map(priorityTone), ['danger', 'danger', 'warning', 'emphasis', undefined, 'muted', undefined]);
  const lines = buildStatusView({ props: { Id: 'j.service', LoadState: 'loaded', ActiveState: 'inactive', SubState: 'dead' }, nowUs: NOW, nowMonotonicUs: 1_000_000_000n, timeZone: 'UTC', journal: [{ text: 'Nov 22 12:00:00 host j[1]: broke', priority: 3 }, 'plain'] });
  const broke = lines.find((l) => l.some((s) => s.text.includes('broke')))!;
  assert.equal(broke[0]!.tone, 'danger');
});
