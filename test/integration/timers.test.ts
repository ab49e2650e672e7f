// `svctui timers` and `svctui sockets` against systemctl's own listing of the same manager:
// the same rows in the same order, NEXT computed as systemctl does (monotonic and calendar
// triggers), and the activated units' last exit beside them.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { svctui, useSandbox, waitForState } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  // monotonic only
  'tm-mono.timer': '[Timer]\nOnActiveSec=1h\n',
  'tm-mono.service': '[Service]\nExecStart=/bin/true\n',
  // calendar only, activating another unit
  'tm-cal.timer': '[Timer]\nOnCalendar=*-*-* 03:00:00\nUnit=tm-job.service\n',
  'tm-job.service': '[Service]\nExecStart=/bin/true\n',
  // both: the earlier wins
  'tm-both.timer': '[Timer]\nOnActiveSec=2h\nOnCalendar=*-*-* 00/6:00:00\n',
  'tm-both.service': '[Service]\nExecStart=/bin/true\n',
  // has elapsed (LAST set), its service failed with exit 3, and it comes again
  'tm-ran.timer': '[Timer]\nOnActiveSec=1s\nOnUnitActiveSec=1h\nAccuracySec=1us\n',
  'tm-ran.service': "[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
  // stopped but kept loaded (a target wants it): NEXT and LAST unset
  'tm-off.timer': '[Timer]\nOnActiveSec=1h\n',
  'tm-off.service': '[Service]\nExecStart=/bin/true\n',
  'tm-keep.target': '[Unit]\nWants=tm-off.timer\n',
  'tm-a.socket': '[Socket]\nListenStream=%t/tm-a.sock\nListenDatagram=%t/tm-0.sock\n',
  'tm-a.service': '[Service]\nExecStart=/bin/true\n',
  'tm-b.socket': '[Socket]\nListenStream=%t/tm-b.sock\nService=tm-job.service\n',
};

/** Relative times ("59min left", "3s ago") as one word: they move between two commands. */
const maskRelative = (line: string) => line.replace(/(\d+ (years?|months?|weeks?|days?) )?(\d+ ?(y|M|w|d|h|min|s|ms|us) )*\d+ ?(y|M|w|d|h|min|s|ms|us|years?|months?|weeks?|days?) (left|ago)/g, 'REL').replace(/ +/g, ' ');

interface SystemctlTimer {
  next: number;
  last: number;
  unit: string;
  activates: string;
}

describe('svctui timers and sockets equal systemctl list-timers and list-sockets', () => {
  const sandbox = useSandbox({ units: UNITS });

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'tm-mono.timer', 'tm-cal.timer', 'tm-both.timer', 'tm-ran.timer', 'tm-keep.target', 'tm-a.socket', 'tm-b.socket'])).exitCode, 0);
    assert.equal((await sb.systemctl(['stop', 'tm-off.timer'])).exitCode, 0);
    await waitForState(sb, 'tm-ran.service', { ActiveState: 'failed' });
  });

  test('timers: the same rows, order and times (NEXT within a millisecond), the activated unit\'s exit', async () => {
    const sb = sandbox();
    const theirs = JSON.parse((await sb.systemctl(['list-timers', '--all', '--no-pager', '-o', 'json', 'tm-*'])).stdout) as SystemctlTimer[];
    const r = await svctui(sb, ['timers', '--json', 'tm-*']);
    assert.equal(r.exitCode, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as { unit: string; next: number | null; last: number | null; activates: string[]; activated: { unit: string; lastExit: string; stopReason: string }[] }[];
    assert.deepEqual(ours.map((t) => t.unit), theirs.map((t) => t.unit), 'the same timers in the same order');
    assert.deepEqual([...ours.map((t) => t.unit)].sort(), ['tm-both.timer', 'tm-cal.timer', 'tm-mono.timer', 'tm-off.timer', 'tm-ran.timer']);
    for (const [i, t] of theirs.entries()) {
      const o = ours[i]!;
      if (t.next > 0) assert.ok(o.next !== null && Math.abs(o.next - t.next) <= 1000, `${t.unit}: NEXT ${o.next} vs systemctl's ${t.next}`);
      else assert.equal(o.next, null, `${t.unit}: no NEXT`);
      assert.equal(o.last ?? 0, t.last, `${t.unit}: LAST`);
      assert.equal(o.activates.join(', '), t.activates, `${t.unit}: ACTIVATES`);
    }
    // The cases are all there: a calendar NEXT, a monotonic one, both (the earlier), elapsed, stopped.
    const by = new Map(ours.map((t) => [t.unit, t]));
    assert.ok(by.get('tm-ran.timer')!.last! > 0, 'tm-ran.timer has elapsed');
    assert.deepEqual(by.get('tm-ran.timer')!.activated, [{ unit: 'tm-ran.service', lastExit: '3', stopReason: 'exit-code' }]);
    assert.equal(by.get('tm-off.timer')?.next, null);
    assert.equal(new Date(by.get('tm-cal.timer')!.next! / 1000).getUTCHours(), 3);
    assert.ok(by.get('tm-both.timer')!.next! < Date.now() * 1000 + 2 * 3600e6 + 5e6, 'tm-both: the earlier of its two triggers');
  });

  test('timers: the table is systemctl\'s, line for line (relative times masked)', async () => {
    const sb = sandbox();
    // Both within one second, so that LEFT and PASSED agree but for their last digits.
    await waitFor(async () => {
      const [a, b] = await Promise.all([sb.systemctl(['list-timers', '--all', '--no-pager', 'tm-*']), svctui(sb, ['timers', 'tm-*'])]);
      const theirs = a.stdout.trimEnd().split('\n').map(maskRelative);
      const ours = b.stdout.trimEnd().split('\n').map(maskRelative);
      assert.deepEqual(ours, theirs);
      return true;
    }, 'the same table', 10_000);
  });

  test('sockets: the same rows and order as list-sockets --all, a row per listening address', async () => {
    const sb = sandbox();
    const theirs = (await sb.systemctl(['list-sockets', '--all', '--no-pager', 'tm-*'])).stdout;
    const r = await svctui(sb, ['sockets', 'tm-*']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout.trimEnd(), theirs.trimEnd());
    assert.match(r.stdout, /tm-0\.sock +tm-a\.socket +tm-a\.service\n.*tm-a\.sock +tm-a\.socket +tm-a\.service\n.*tm-b\.sock +tm-b\.socket +tm-job\.service/s);
    const json = JSON.parse((await svctui(sb, ['sockets', '--json', 'tm-b'])).stdout) as unknown[];
    assert.deepEqual(json, [{ listen: `${sb.env.XDG_RUNTIME_DIR}/tm-b.sock`, type: 'Stream', unit: 'tm-b.socket', activates: ['tm-job.service'] }]);
  });
});
