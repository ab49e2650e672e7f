// Update pacing: a lone change at once, then at most once a frame; slower only while many units change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramePacer } from '../../src/core/model/framePacing.js';

const options = { frameMs: 16, burstFrameMs: 100, burstChanges: 40, burstWindowMs: 200 };

test('a lone change shows at once; the next within a frame waits for the frame', () => {
  const p = new FramePacer(options);
  assert.equal(p.delay(1000), 0);
  p.shown(1000, 3);
  assert.equal(p.delay(1005), 11);
  assert.equal(p.delay(1016), 0);
});

test('units changing one after another (a service and its dependencies) stay at the frame rate', () => {
  const p = new FramePacer(options);
  let t = 0;
  // a unit's stop is about three updates with a few changes; the next unit follows 50 ms later
  for (let unit = 0; unit < 10; unit++, t += 50) {
    for (const changes of [1, 3, 2]) {
      assert.ok(p.delay(t) <= 16);
      t += p.delay(t);
      p.shown(t, changes);
      t += 2;
    }
  }
  assert.equal(p.delay(t), 0);
});

test('many units changing at once is a burst: the burst rate until the window has passed', () => {
  const p = new FramePacer(options);
  p.shown(0, 120);
  assert.equal(p.delay(1), 99);
  p.shown(100, 80);
  assert.equal(p.delay(150), 50);
  // 200 ms after the last big update, the burst is over
  assert.equal(p.delay(301), 0);
  p.shown(301, 2);
  assert.equal(p.delay(302), 15);
});
