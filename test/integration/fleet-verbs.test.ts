// systemctl's verbs over the fleet: six real hosts (system boxes reached by real ssh) and one that
// cannot be reached. The truth is each host's own systemd: invocation ids before and after, and
// states. A batch restart touches every host once; a rolling restart goes host by host and stops
// at the first host where the unit does not come back, leaving the hosts after it untouched.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { after, before, describe, test } from 'node:test';
import { startSystemBox, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { sshIntoBoxes, type BoxSsh } from '../helpers/boxSsh.js';
import { REPO_ROOT } from '../helpers/sandbox.js';

const UNITS = {
  'fv-ok.service': '[Service]\nExecStart=/bin/sleep infinity\n',
  'fv-roll.service': '[Service]\nExecStart=/bin/sleep infinity\n',
};
const HOSTS = ['web1', 'web2', 'web3', 'web4', 'web5', 'web6'];
/** The host where fv-roll cannot start again (a drop-in the test writes there). */
const BAD = 'web4';

describe('the systemctl verbs over the fleet', () => {
  const boxes = new Map<string, SystemBox>();
  let ssh: (BoxSsh & { hosts: string[] }) | undefined;
  const svctui = (args: string[]) => execa(process.execPath, [`${REPO_ROOT}bin/svctui`, ...args], { reject: false, env: { PATH: ssh!.path, NO_COLOR: '1' } });
  const invocation = async (h: string, unit: string) => (await boxes.get(h)!.systemctl(['show', '-p', 'InvocationID', '--value', unit])).stdout.trim();
  const invocations = async (unit: string) => Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await invocation(h, unit)] as const)));

  before(async () => {
    const started = await Promise.all(HOSTS.map(() => startSystemBox({ units: UNITS })));
    HOSTS.forEach((h, i) => boxes.set(h, started[i]!));
    await Promise.all(HOSTS.map((h) => boxes.get(h)!.systemctl(['start', 'fv-ok.service', 'fv-roll.service'])));
    // On web4, fv-roll runs now but cannot start again: its next start fails.
    const bad = boxes.get(BAD)!;
    const r = await bad.exec(['sh', '-c', 'mkdir -p /etc/systemd/system/fv-roll.service.d && printf "[Service]\\nExecStartPre=/bin/false\\n" > /etc/systemd/system/fv-roll.service.d/broken.conf && systemctl daemon-reload']);
    assert.equal(r.exitCode, 0, r.stderr);
    ssh = await sshIntoBoxes(HOSTS.map((host) => ({ box: boxes.get(host)!, host })), ['web7']);
  });
  after(async () => {
    ssh?.remove();
    await Promise.all([...boxes.values()].map((b) => b.stop()));
  });

  test('a batch restart on six hosts: a line per host in order, every host a new run, exit 0', async () => {
    const before = await invocations('fv-ok.service');
    const r = await svctui(['-H', 'web[1-6]', 'restart', 'fv-ok']);
    assert.equal(r.exitCode, 0, String(r.stderr));
    assert.deepEqual(String(r.stdout).trim().split('\n'), HOSTS.map((h) => `${h}: restart fv-ok.service: done`));
    const now = await invocations('fv-ok.service');
    for (const h of HOSTS) {
      assert.notEqual(now[h], before[h], `${h}: a new run`);
      assert.equal((await boxes.get(h)!.systemctl(['is-active', 'fv-ok.service'])).stdout.trim(), 'active');
    }
  });

  test('restarting on one host of the fleet (-H web3) touches web3 only', async () => {
    const before = await invocations('fv-ok.service');
    const r = await svctui(['-H', 'web3', 'restart', 'fv-ok']);
    assert.equal(r.exitCode, 0, String(r.stderr));
    const now = await invocations('fv-ok.service');
    for (const h of HOSTS) {
      if (h === 'web3') assert.notEqual(now[h], before[h], 'web3: a new run');
      else assert.equal(now[h], before[h], `${h}: untouched`);
    }
  });

  test('a rolling restart stops at the first host where the unit does not come back, and says where', async () => {
    const before = await invocations('fv-roll.service');
    const r = await svctui(['-H', 'web[1-6]', 'restart', '--rolling', 'fv-roll.service']);
    assert.equal(r.exitCode, 1, String(r.stdout));
    const lines = String(r.stdout).trim().split('\n');
    assert.deepEqual(lines.slice(0, 3), ['web1: restart fv-roll.service: done', 'web2: restart fv-roll.service: done', 'web3: restart fv-roll.service: done']);
    assert.match(lines[3]!, /^web4: Job for fv-roll\.service failed\. .*\(exit 1\)$/);
    assert.equal(lines.length, 4, 'nothing after web4');
    assert.match(String(r.stderr), /^svctui: the rolling restart stopped at web4; not done: web5, web6$/m);
    const now = await invocations('fv-roll.service');
    for (const h of ['web1', 'web2', 'web3']) assert.notEqual(now[h], before[h], `${h} restarted`);
    for (const h of ['web5', 'web6']) assert.equal(now[h], before[h], `${h} untouched`);
    assert.equal((await boxes.get(BAD)!.systemctl(['is-active', 'fv-roll.service'])).stdout.trim(), 'failed');
  });

  test('is-active over the fleet and an unreachable host: a line each, exit 1; queries alone: the first host\'s status', async () => {
    const r = await svctui(['-H', 'web[3-4]', '-H', 'web7', 'is-active', 'fv-roll.service']);
    assert.equal(r.exitCode, 1);
    assert.deepEqual(String(r.stdout).trim().split('\n').map((l) => l.replace(/(no answer: ).*/, '$1…')), ['web3: active', 'web4: failed (exit 3)', 'web7: no answer: …']);
    assert.match(String(r.stderr), /^svctui: 2 of 3 hosts did not succeed: web4, web7$/m);
    const q = await svctui(['-H', 'web[4-5]', 'is-active', 'fv-roll.service']);
    assert.equal(q.exitCode, 3, 'as systemctl is-active on web4');
  });

  test('--rolling without a fleet, and --pause without --rolling, are refused in words', async () => {
    const a = await svctui(['-H', 'web1', 'restart', '--rolling', 'fv-ok']);
    assert.equal(a.exitCode, 2);
    assert.match(String(a.stderr), /--rolling and --pause are for several hosts/);
    const b = await svctui(['-H', 'web[1-2]', 'restart', '--pause', '1', 'fv-ok']);
    assert.equal(b.exitCode, 2);
    assert.match(String(b.stderr), /--pause goes with --rolling/);
  });
});
