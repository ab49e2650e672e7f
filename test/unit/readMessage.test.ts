// svctui's D-Bus message reader gives what dbus-next's own reader and conversion give, for every
// type and for messages cut anywhere across the stream's chunks.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import dbus from 'dbus-next';
import { readMessage, unmarshalMessages, type ReadMessage } from '../../src/host/dbus/readMessage.js';

const require = createRequire(import.meta.url);
const { marshallMessage, messageToJsFmt } = require('dbus-next/lib/marshall-compat') as {
  marshallMessage(m: unknown): [Buffer, unknown[]];
  messageToJsFmt(m: unknown): unknown;
};
const theirReader = require('dbus-next/lib/message') as { unmarshalMessages(s: unknown, on: (m: unknown) => void, o?: unknown): void };
const { Variant } = dbus;
const variant = (signature: string, value: unknown) => new Variant(signature, value);

// dbus-next's types call replySerial a string; it is a number on the wire.
type Spec = Record<string, unknown> & { serial?: number };

function bytes(spec: Spec): Buffer {
  const m = new dbus.Message(spec as ConstructorParameters<typeof dbus.Message>[0]);
  m.serial = spec.serial ?? 7;
  return marshallMessage(m)[0];
}

const V = (s: string, v: unknown) => new Variant(s, v);
const SPECS: Spec[] = [
  // A Properties.Get reply of each basic type.
  ...(
    [
      ['t', 1796697243286925n],
      ['t', 18446744073709551614n],
      ['x', -9223372036854775807n],
      ['s', 'Résultat ✓'],
      ['s', ''],
      ['o', '/org/freedesktop/systemd1/unit/a_2eservice'],
      ['g', 'a(ss)'],
      ['u', 4294967295],
      ['i', -2147483648],
      ['b', true],
      ['b', false],
      ['y', 255],
      ['n', -32768],
      ['q', 65535],
      ['d', -1.5e300],
      ['ay', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])],
      ['ay', Buffer.alloc(0)],
      ['as', ['a', 'bé', '']],
      ['at', [1n, 2n, 3n]],
      ['a(sasbttttuii)', [['/usr/bin/true', ['true', '-x'], false, 1n, 2n, 3n, 4n, 5, 6, 7]]],
      ['a(sb)', []],
      ['(iay)', [1, Buffer.from('ab')]],
      ['a{sv}', { A: V('s', 'x'), B: V('t', 5n), C: V('av', [V('s', 'deep'), V('ay', Buffer.from([1]))]) }],
      ['a{ts}', { 1: 'one', '18446744073709551614': 'max' }],
      ['a{sa{sv}}', { 'org.freedesktop.systemd1.Unit': { ActiveState: V('s', 'active') }, empty: {} }],
      ['v', V('(st)', ['x', 9n])],
    ] as const
  ).map(([sig, value], i): Spec => ({ type: dbus.MessageType.METHOD_RETURN, replySerial: 100 + i, serial: 200 + i, destination: ':1.7', sender: ':1.1', signature: 'v', body: [V(sig, value)] })),
  // ListUnits' reply shape.
  {
    type: dbus.MessageType.METHOD_RETURN,
    replySerial: 3,
    signature: 'a(ssssssouso)',
    body: [[['a.service', 'A', 'loaded', 'active', 'running', '', '/org/freedesktop/systemd1/unit/a_2eservice', 0, '', '/']]],
  },
  // PropertiesChanged.
  {
    type: dbus.MessageType.SIGNAL,
    path: '/org/freedesktop/systemd1/unit/a_2eservice',
    interface: 'org.freedesktop.DBus.Properties',
    member: 'PropertiesChanged',
    sender: ':1.1',
    signature: 'sa{sv}as',
    body: ['org.freedesktop.systemd1.Service', { ExecMainStatus: V('i', 3), Result: V('s', 'exit-code') }, ['Tasks']],
  },
  { type: dbus.MessageType.ERROR, replySerial: 9, errorName: 'org.freedesktop.systemd1.NoSuchUnit', signature: 's', body: ['Unit x.service not loaded.'] },
  { type: dbus.MessageType.METHOD_RETURN, replySerial: 10 },
  { type: dbus.MessageType.METHOD_CALL, path: '/', interface: 'a.b', member: 'C', destination: 'a.b', flags: 4 },
];

/** Every message through a reader, from the stream in chunks cut at these lengths. */
function through(reader: (s: PassThrough, on: (m: unknown) => void) => void, data: Buffer, cuts: number[]): Promise<unknown[]> {
  const s = new PassThrough();
  const out: unknown[] = [];
  reader(s, (m) => out.push(m));
  let at = 0;
  for (const n of cuts) {
    if (at >= data.length) break;
    s.write(data.subarray(at, Math.min(data.length, at + n)));
    at += n;
  }
  if (at < data.length) s.write(data.subarray(at));
  return new Promise((resolve) => setTimeout(() => resolve(out), 20));
}

const ours = (s: PassThrough, on: (m: unknown) => void) => unmarshalMessages(variant)(s, (m) => on(new dbus.Message(m as never)));
const theirs = (s: PassThrough, on: (m: unknown) => void) => theirReader.unmarshalMessages(s, (m) => on(new dbus.Message(messageToJsFmt(m) as never)));

test('each message reads as dbus-next reads it: header fields, basic types, containers, variants', () => {
  for (const spec of SPECS) {
    const buf = bytes(spec);
    const mine = new dbus.Message(readMessage(buf, variant) as never);
    let their: unknown;
    theirReader.unmarshalMessages({ on: (_: string, f: () => void) => f(), read: ((n?: number) => {
      const parts = [buf.subarray(0, 16), buf.subarray(16)];
      let i = 0;
      return () => parts[i++] ?? null;
    })() } as never, (m) => (their = new dbus.Message(messageToJsFmt(m) as never)));
    assert.deepEqual(mine, their, JSON.stringify(spec, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
});

test('a stream of messages cut anywhere: the same messages, in order', async () => {
  const all = Buffer.concat(SPECS.map(bytes));
  for (const cuts of [[all.length], [1], [15, 1, 3], [16], [17, 40, 3, 200], [7, 9, 50, 1, 1, 1, 300]]) {
    const repeat = cuts.length === 1 ? Array(all.length).fill(cuts[0]) : Array(200).fill(cuts).flat();
    assert.deepEqual(await through(ours, all, repeat), await through(theirs, all, repeat), `cut ${cuts.join(',')}`);
  }
});

test('a big-endian message reads as a little-endian one', () => {
  const le = bytes({ type: dbus.MessageType.METHOD_RETURN, replySerial: 0x01020304, serial: 5, signature: 'v', body: [V('t', 0x0102030405060708n)] });
  // The same message written big-endian, by hand.
  const be = Buffer.from(le);
  be[0] = 0x42;
  const swap = (at: number, n: number) => be.subarray(at, at + n).reverse();
  swap(4, 4);
  swap(8, 4);
  swap(12, 4);
  const fields = le.readUInt32LE(12);
  // Fields: REPLY_SERIAL (u) then SIGNATURE (g); the u32 value sits at 16+4.
  swap(20, 4);
  const bodyAt = 16 + ((fields + 7) & ~7);
  // Body: variant signature "t" (1 byte length, 't', NUL), pad to 8, the value.
  swap(bodyAt + 8, 8);
  const a = readMessage(le, variant);
  const b = readMessage(be, variant);
  assert.deepEqual(b, a);
  assert.equal((b.body![0] as { value: bigint }).value, 0x0102030405060708n);
  assert.equal(b.replySerial, 0x01020304);
});

test('a message that cannot be read ends the stream with an error in words, not a throw', async () => {
  const s = new PassThrough();
  const got: ReadMessage[] = [];
  unmarshalMessages(variant)(s, (m) => got.push(m));
  const broken = bytes({ type: dbus.MessageType.METHOD_RETURN, replySerial: 1, signature: 'v', body: [V('s', 'x')] });
  broken[0] = 0x21;
  const error = new Promise<Error>((resolve) => s.on('error', resolve));
  s.write(broken);
  assert.match((await error).message, /not a D-Bus message \(endianness byte 33\)/);
  assert.equal(got.length, 0);
});

test('UINT64_MAX (systemd\'s "infinity") reads as dbus-next reads it', () => {
  // dbus-next cannot write it, so the value's bytes are set by hand.
  const buf = bytes({ type: dbus.MessageType.METHOD_RETURN, replySerial: 1, signature: 'v', body: [V('t', 1n)] });
  buf.fill(0xff, buf.length - 8);
  const mine = readMessage(buf, variant);
  assert.equal((mine.body![0] as { value: bigint }).value, 18446744073709551615n);
  let their: { body: { value: bigint }[] } | undefined;
  const parts = [buf.subarray(0, 16), buf.subarray(16)];
  theirReader.unmarshalMessages({ on: (_: string, f: () => void) => f(), read: () => parts.shift() ?? null } as never, (m) => (their = messageToJsFmt(m) as never));
  assert.equal(their!.body[0]!.value, 18446744073709551615n);
});
