// The watch list (pure): alerts when a watched unit turns bad, the words, the terminal's sequence,
// and watched units first in any order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeUnitRow } from '../../src/core/model/unitRow.js';
import { notificationSequence, watchAlerts } from '../../src/core/model/watch.js';
import { applyListing, emptyUnits, visibleRows } from '../../src/core/model/units.js';

const row = (name: string, active: string, f: Record<string, unknown> = {}) => makeUnitRow({ name, description: '', loadState: 'loaded', activeState: active, subState: active === 'failed' ? 'failed' : 'running' }, { InvocationID: 'a'.repeat(32), Result: active === 'failed' ? 'signal' : 'success', ExecMainCode: active === 'failed' ? 2 : 0, ExecMainStatus: active === 'failed' ? 9 : 0, ExecMainStartTimestamp: 1_000_000n, ExecMainExitTimestamp: active === 'failed' ? 2_000_000n : 0n, ...f });

test('a watched unit that fails is said once, with its stop reason; unwatched ones and first sightings are not', () => {
  const watched = new Set(['a.service']);
  let { alerts, now } = watchAlerts(new Map(), [row('a.service', 'active'), row('b.service', 'active')], watched);
  assert.deepEqual(alerts, []);
  ({ alerts, now } = watchAlerts(now, [row('a.service', 'failed'), row('b.service', 'failed')], watched));
  assert.deepEqual(alerts, ['a.service failed: signal (SIGKILL)']);
  ({ alerts } = watchAlerts(now, [row('a.service', 'failed')], watched));
  assert.deepEqual(alerts, [], 'said once');
  // first seen already failed: nothing (it did not just fail)
  assert.deepEqual(watchAlerts(new Map(), [row('a.service', 'failed')], watched).alerts, []);
});

test('the terminal is told with a bell, and OSC 9 or 777 where it shows desktop notifications', () => {
  assert.equal(notificationSequence('x failed', {}), '\x07');
  assert.equal(notificationSequence('x failed; y', { TERM_PROGRAM: 'iTerm.app' }), '\x07\x1b]9;svctui: x failed  y\x07');
  assert.equal(notificationSequence('x\x1b]0;t', { VTE_VERSION: '7000' }), '\x07\x1b]777;notify;svctui;x ]0 t\x07');
});

test('watched units come first in every order, among themselves as the order puts them', () => {
  const state = emptyUnits();
  applyListing(state, ['a', 'b', 'c', 'd'].map((n) => ({ name: `${n}.service`, description: '', loadState: 'loaded', activeState: n === 'b' ? 'failed' : 'active', subState: 'running' })));
  const names = (pinned?: string[], sort: 'name' | 'failed-first' = 'name') => visibleRows(state, { type: 'all', text: '', all: false, sort, pinned }).map((r) => r.name);
  assert.deepEqual(names(), ['a.service', 'b.service', 'c.service', 'd.service']);
  assert.deepEqual(names(['d.service', 'c.service']), ['c.service', 'd.service', 'a.service', 'b.service']);
  assert.deepEqual(names(['d.service'], 'failed-first'), ['d.service', 'b.service', 'a.service', 'c.service']);
});

test('with several hosts, an alert names the host, and a unit failing on a second host is news again', async () => {
  const { watchAlerts } = await import('../../src/core/model/watch.js');
  const { makeUnitRow } = await import('../../src/core/model/unitRow.js');
  const row = (host: string, active: string) => ({ ...makeUnitRow({ name: 'nginx.service', description: '', loadState: 'loaded', activeState: active, subState: active === 'failed' ? 'failed' : 'running' }), host, lastExit: active === 'failed' ? '1' : '-', stopReason: (active === 'failed' ? 'exit-code' : '-') as never });
  const watched = new Set(['nginx.service']);
  let seen = watchAlerts(new Map(), [row('web1', 'active'), row('web2', 'active')], watched).now;
  const one = watchAlerts(seen, [row('web1', 'failed'), row('web2', 'active')], watched);
  assert.deepEqual(one.alerts, ['nginx.service on web1 failed: exit-code (1)']);
  seen = one.now;
  const two = watchAlerts(seen, [row('web1', 'failed'), row('web2', 'failed')], watched);
  assert.deepEqual(two.alerts, ['nginx.service on web2 failed: exit-code (1)']);
});
