// -H reads "that host's clocks": a host whose CLOCK_MONOTONIC runs three days ahead of this one's
// (a box in a time namespace, as a container's may), reached by real ssh. A monotonic timer's NEXT
// must be what systemctl says there, not what this machine's clock would make of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { useSystemBox } from '../helpers/systemBox.js';
import { sshIntoBox, type BoxSsh } from '../helpers/boxSsh.js';
import { REPO_ROOT } from '../helpers/sandbox.js';

const OFFSET = 3 * 86400;
const UNITS = {
  'ck-job.service': '[Service]\nType=oneshot\nExecStart=/bin/true\n',
  'ck-tick.timer': '[Unit]\nDescription=Two hours after it starts\n\n[Timer]\nOnActiveSec=2h\nUnit=ck-job.service\n',
};

describe('-H on a host whose clocks differ from this one', () => {
  const box = useSystemBox({ units: UNITS, clockOffsetSec: OFFSET });
  let ssh: BoxSsh | undefined;

  before(async () => {
    const b = box();
    assert.equal((await b.systemctl(['start', 'ck-tick.timer'])).exitCode, 0);
    ssh = await sshIntoBox(b, 'clockbox');
  });
  after(() => ssh?.remove());

  test("the box's monotonic clock really is ahead (the premise)", async () => {
    const here = Number((await execa('cat', ['/proc/uptime'])).stdout.split(' ')[0]);
    const there = Number((await box().exec(['cat', '/proc/uptime'])).stdout.split(' ')[0]);
    assert.ok(there - here > OFFSET - 60, `uptime there ${there}, here ${here}`);
  });

  test('timers over ssh: NEXT equals systemctl list-timers on that host', async () => {
    const b = box();
    const oracle = await b.systemctl(['list-timers', '--all', '--output=json', 'ck-*']);
    assert.equal(oracle.exitCode, 0, oracle.stderr);
    const theirs = JSON.parse(oracle.stdout) as { next: number; unit: string }[];
    const r = await execa(process.execPath, [`${REPO_ROOT}bin/svctui`, '-H', 'clockbox', 'timers', '--json', 'ck-*'], { reject: false, env: { PATH: ssh!.path, NO_COLOR: '1' } });
    assert.equal(r.exitCode, 0, String(r.stderr));
    const ours = JSON.parse(String(r.stdout)) as { unit: string; next: number }[];
    assert.deepEqual(ours.map((t) => t.unit), theirs.map((t) => t.unit));
    // Both in µs since the epoch; the two readings are a moment apart.
    assert.ok(Math.abs(ours[0]!.next - theirs[0]!.next) < 2_000_000, `NEXT over ssh ${ours[0]!.next}, systemctl there ${theirs[0]!.next} (${(ours[0]!.next - theirs[0]!.next) / 3.6e9} h apart)`);
  });
});
