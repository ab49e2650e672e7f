import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageRedrawAt, formatAge, formatBytes, formatJournalTimestamp, formatRelative, formatTimespan, formatTimestamp, relativeRedrawAt } from '../../src/core/format.js';

const S = 1_000_000n;
const MS = 1000n;

test('format_timespan with millisecond accuracy, as in Duration:', () => {
  assert.equal(formatTimespan(3n * MS, MS), '3ms');
  assert.equal(formatTimespan(2n * S + 541n * MS + 123n, MS), '2.541s');
  assert.equal(formatTimespan(4n * 60n * S + 1n * S + 623n * MS, MS), '4min 1.623s');
  assert.equal(formatTimespan(90n * 60n * S, MS), '1h 30min');
  assert.equal(formatTimespan(0n, MS), '0');
  assert.equal(formatTimespan(1500n, 1n), '1.500ms');
  assert.equal(formatTimespan(25n * 3600n * S, MS), '1d 1h');
});

test('format_timestamp_relative', () => {
  const now = 1_000_000_000n * S;
  assert.equal(formatRelative(now - 518n * MS, now), '518ms ago');
  assert.equal(formatRelative(now - 3n * S, now), '3s ago');
  assert.equal(formatRelative(now - 90n * S, now), '1min 30s ago');
  assert.equal(formatRelative(now - 10n * 60n * S, now), '10min ago');
  assert.equal(formatRelative(now - 2n * 3600n * S - 5n * 60n * S, now), '2h 5min ago');
  assert.equal(formatRelative(now - 7n * 3600n * S, now), '7h ago');
  assert.equal(formatRelative(now - 26n * 3600n * S, now), '1 day 2h ago');
  assert.equal(formatRelative(now - 3n * 86400n * S, now), '3 days ago');
  assert.equal(formatRelative(now - 8n * 86400n * S, now), '1 week 1 day ago');
  assert.equal(formatRelative(now + 59n * 60n * S, now), '59min left');
  assert.equal(formatRelative(now, now), 'now');
});

test('timestamps in the given zone', () => {
  const t = BigInt(Date.UTC(2026, 10, 22, 3, 1, 26)) * 1000n;
  assert.equal(formatTimestamp(t, 'UTC'), 'Sun 2026-11-22 03:01:26 UTC');
  assert.equal(formatJournalTimestamp(t, 'UTC'), 'Nov 22 03:01:26');
  assert.equal(formatTimestamp(t, 'Europe/Berlin').slice(0, 24), 'Sun 2026-11-22 04:01:26 ');
});

test('bytes like format_bytes', () => {
  assert.equal(formatBytes(900n), '900B');
  assert.equal(formatBytes(512n * 1024n), '512.0K');
  assert.equal(formatBytes(80n * 1024n * 1024n + 512n * 1024n), '80.5M');
});

test('compact ages for list columns', () => {
  const now = 1_000_000_000n * S;
  assert.equal(formatAge(0n, now), '-');
  assert.equal(formatAge(now - 5n * S, now), '5s');
  assert.equal(formatAge(now - 21n * S, now), '21s');
  assert.equal(formatAge(now - 37n * S, now), '37s');
  assert.equal(formatAge(now - 59n * S, now), '59s');
  assert.equal(formatAge(now - 3n * 60n * S, now), '3min');
  assert.equal(formatAge(now - 5n * 3600n * S, now), '5h');
  assert.equal(formatAge(now - 4n * 86400n * S, now), '4d');
});

test('the local zone known without ICU gives the same text as Intl (here, where the zone is UTC)', async () => {
  const { formatTimestamp, formatJournalTimestamp, knowLocalZone } = await import('../../src/core/format.js');
  const us = 1_796_168_446_192_767n;
  knowLocalZone(undefined);
  const viaIntl = [formatTimestamp(us), formatJournalTimestamp(us)];
  if (new Date(Number(us / 1000n)).getTimezoneOffset() === 0) {
    knowLocalZone('UTC');
    assert.deepEqual([formatTimestamp(us), formatJournalTimestamp(us)], viaIntl);
    knowLocalZone(undefined);
  }
  assert.match(viaIntl[0]!, /^\w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);
});

test('ages are drawn again no earlier than their text changes and less than a step (1 s, 15 s) after', () => {
  const S = 1_000_000n;
  // The first moment after `now` whose text differs, by scanning (independent of the rule).
  const firstChange = (text: (t: bigint) => string, now: bigint, step: bigint, limit: bigint) => {
    const start = text(now);
    for (let t = now + step; t <= now + limit; t += step) if (text(t) !== start) return t;
    return undefined;
  };
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const now0 = 1_796_697_243_286_925n;
  const cases: [string, (us: bigint, now: bigint) => string, typeof ageRedrawAt, bigint][] = [
    ['formatAge', formatAge, ageRedrawAt, 15n * S],
    ['formatRelative', formatRelative, relativeRedrawAt, 15n * S],
  ];
  for (const [name, format, redraw] of cases) {
    for (let i = 0; i < 60; i++) {
      // Ages from a fraction of a second to two hours, in the past and (relative) in the future.
      const age = BigInt(rand(7200)) * S + BigInt(rand(1_000_000));
      const us = name === 'formatRelative' && i % 3 === 0 ? now0 + age : now0 - age;
      const at = redraw(us, now0)!;
      const coarse = age >= 60n * S && (name === 'formatAge' || age >= 300n * S);
      const step = coarse ? 100_000n : 1_000n;
      const change = firstChange((t) => format(us, t), now0, step, coarse ? 3700n * S : 2n * S);
      const grid = coarse ? 15n * S : S;
      assert.ok(at > now0, `${name} ${age}: drawn again later`);
      if (change === undefined) continue;
      // Milliseconds of the first second are not followed (the pane shows "518ms ago" once).
      if (name === 'formatRelative' && age < S) continue;
      assert.ok(at >= change - step, `${name} age ${age}: redraw at +${at - now0} before the change at +${change - now0}`);
      assert.ok(at < change + grid, `${name} age ${age}: redraw at +${at - now0}, more than a step after the change at +${change - now0}`);
    }
  }
});
