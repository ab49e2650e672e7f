// systemctl show's value formatting for what the sandboxes' units do not set (pure cases, with
// systemctl 252's output as the expected text).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printProperty, shellMaybeQuote, showLines } from '../../src/core/showFormat.js';

const one = (name: string, signature: string, value: unknown, o = {}) => showLines([[name, { signature, value }]], o);

test('capability sets up to the host\'s last capability; namespaces; mount propagation', () => {
  assert.deepEqual(one('CapabilityBoundingSet', 't', (1n << 0n) | (1n << 12n) | (1n << 40n), { capLastCap: 40 }), ['CapabilityBoundingSet=cap_chown cap_net_admin cap_checkpoint_restore']);
  assert.deepEqual(one('CapabilityBoundingSet', 't', (1n << 41n) - 1n, { capLastCap: 1 }), ['CapabilityBoundingSet=cap_chown cap_dac_override']);
  assert.deepEqual(one('RestrictNamespaces', 't', 0x40000000n | 0x00020000n), ['RestrictNamespaces=net mnt']);
  assert.deepEqual(one('MountFlags', 't', 1n << 19n), ['MountFlags=slave']);
  assert.deepEqual(one('MountFlags', 't', 0n), [], 'empty: left out');
});

test('numbers: timespans, infinity, [not set], octal modes, %g', () => {
  assert.deepEqual(one('TimeoutStopUSec', 't', 90_000_000n), ['TimeoutStopUSec=1min 30s']);
  assert.deepEqual(one('RuntimeMaxUSec', 't', 18446744073709551615n), ['RuntimeMaxUSec=infinity']);
  assert.deepEqual(one('LimitNOFILE', 't', 18446744073709551615n), ['LimitNOFILE=infinity']);
  assert.deepEqual(one('MemoryCurrent', 't', 18446744073709551615n), ['MemoryCurrent=[not set]']);
  assert.deepEqual(one('UMask', 'u', 0o22), ['UMask=0022']);
  assert.deepEqual(one('OOMScoreAdjust', 'i', -500), ['OOMScoreAdjust=-500']);
  assert.deepEqual(one('ManagedOOMMemoryPressureLimit', 'd', 0.5), ['ManagedOOMMemoryPressureLimit=0.5']);
});

test('strings and lists: shell quoting, [unprintable], empty values only under -p', () => {
  assert.equal(shellMaybeQuote('plain/path'), 'plain/path');
  assert.equal(shellMaybeQuote('A=1 2'), '"A=1 2"');
  assert.equal(shellMaybeQuote('B=$x'), '"B=\\$x"');
  assert.deepEqual(one('Environment', 'as', ['A=1 2', 'B=$x']), ['Environment="A=1 2" "B=\\$x"']);
  assert.deepEqual(one('Environment', 'as', []), []);
  assert.deepEqual(one('Environment', 'as', [], { properties: ['Environment'] }), ['Environment=']);
  assert.deepEqual(one('Description', 's', 'two\nlines'), ['Description=[unprintable]']);
  assert.deepEqual(one('Conditions', 'a(sbbsi)', [], { properties: ['Conditions'] }), ['Conditions=[unprintable]']);
  assert.deepEqual(one('ActiveState', 's', 'active', { properties: ['ActiveState'], valueOnly: true }), ['active']);
});

test('addresses as inet_ntop writes them; a structure svctui has no rule for says so, never a guess', () => {
  const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  assert.deepEqual(one('IPAddressAllow', 'a(iayu)', [[2, [10, 0, 0, 0], 8], [10, v6, 64]]), ['IPAddressAllow=10.0.0.0/8 2001:db8::1/64']);
  const printed = printProperty('BindPaths', { signature: 'a(ssbt)', value: [['/a', '/b', false, 0n]] }, {});
  assert.deepEqual(printed, { values: ['[svctui does not show this a(ssbt) value: systemctl show -p BindPaths]'] });
  assert.deepEqual(one('BindPaths', 'a(ssbt)', []), []);
});
