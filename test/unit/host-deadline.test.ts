// A fleet host's deadline does not run while the host waits on a person (its sudo question), and
// runs out as usual otherwise. (Timing with wide margins: what is asserted is the order of events.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostDeadline } from '../../src/app/fleet.js';

const settled = (p: Promise<unknown>) => Promise.race([p.then(() => 'resolved', () => 'rejected'), new Promise((r) => setImmediate(() => r('pending')))]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('time held at a question does not count; the rest does', async () => {
  const d = new HostDeadline(300);
  let answer!: (v: string) => void;
  const asked = d.hold(new Promise<string>((r) => (answer = r)));
  await sleep(700);
  assert.equal(await settled(d.late), 'pending', 'a person took longer than the deadline: the host is not late');
  answer('pw');
  assert.equal(await asked, 'pw');
  await sleep(900);
  assert.equal(await settled(d.late), 'rejected', 'after the question, the deadline runs out');
  await assert.rejects(d.late, /no answer within 0 s|no answer within/);
  d.clear();
});

test('without a question, the deadline runs out as before', async () => {
  const d = new HostDeadline(150);
  await sleep(600);
  assert.equal(await settled(d.late), 'rejected');
  d.clear();
});
