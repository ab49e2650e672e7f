import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandHosts, foldHosts, HostRangeError } from '../../src/core/hostRange.js';

test('ranges expand as pdsh and clush write them', () => {
  assert.deepEqual(expandHosts('web[1-3],db[01-02],mail'), ['web1', 'web2', 'web3', 'db01', 'db02', 'mail']);
  assert.deepEqual(expandHosts('web[1-2,7]'), ['web1', 'web2', 'web7']);
  assert.deepEqual(expandHosts('rack[1-2]-n[1-2]'), ['rack1-n1', 'rack1-n2', 'rack2-n1', 'rack2-n2']);
  assert.deepEqual(expandHosts('root@web[1-2]:2222'), ['root@web1:2222', 'root@web2:2222']);
  assert.deepEqual(expandHosts('root@[::1]:2222'), ['root@[::1]:2222'], 'an IPv6 address is no range');
  assert.deepEqual(expandHosts('web1,web1'), ['web1'], 'each host once');
});

test('bad ranges are refused in words', () => {
  for (const [text, words] of [
    ['web[3-1]', /runs backwards \(write 1-3\)/],
    ['web[1-2', /a "\[" without its "\]"/],
    ['web[a-c]', /"a-c" in \[a-c\] is not a number or a range/],
    ['web[1-100000]', /at most 10000 are taken/],
  ] as const) {
    assert.throws(() => expandHosts(text), (e: Error) => e instanceof HostRangeError && words.test(e.message), text);
  }
});

test('hosts fold back as clush prints them', () => {
  assert.equal(foldHosts(['web1', 'web2', 'web3', 'web7']), 'web[1-3,7]');
  assert.equal(foldHosts(['db01', 'db02', 'web5']), 'db[01-02],web5');
  assert.equal(foldHosts(['mail', 'web2', 'web1']), 'mail,web[1-2]');
  assert.deepEqual(expandHosts(foldHosts(['a1', 'a3', 'a2', 'b10'])).sort(), ['a1', 'a2', 'a3', 'b10']);
});
