// Update pacing: a lone change at once, then at most once a frame, slower in a burst, at once again after a pause.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramePacer } from '../../src/model/framePacing.js';

test('a lone change shows at once; the next within a frame waits for the frame', () => {
  const p = new FramePacer({ frameMs: 16, burstFrameMs: 100, burstFrames: 4 });
  assert.equal(p.delay(1000), 0);
  p.shown(1000);
  assert.equal(p.delay(1005), 11);
  assert.equal(p.delay(1016), 0);
});

test('frame after frame of changes is a burst: spacing grows to the burst rate, and a pause ends it', () => {
  const p = new FramePacer({ frameMs: 16, burstFrameMs: 100, burstFrames: 4 });
  let t = 0;
  for (let i = 0; i < 4; i++) {
    t += p.delay(t) || 0;
    p.shown(t);
    t += 1;
  }
  // four back-to-back frames (the first after a pause does not count): not a burst yet
  assert.equal(p.delay(t), 16 - 1);
  t += p.delay(t);
  p.shown(t);
  assert.equal(p.delay(t), 100);
  // a quiet second: the next change shows at once, at the normal rate
  t += 1000;
  assert.equal(p.delay(t), 0);
  p.shown(t);
  assert.equal(p.delay(t + 1), 15);
});
