// The hand-written Properties.Get message is byte for byte what dbus-next's marshaller makes.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import dbus from 'dbus-next';
import { propertiesGetMessage } from '../../src/host/dbus/getMessage.js';

const require = createRequire(import.meta.url);
const { marshallMessage } = require('dbus-next/lib/marshall-compat') as { marshallMessage(m: unknown): [Buffer, unknown[]] };

const theirs = (serial: number, path: string, iface: string, name: string, flags = 0) => {
  const m = new dbus.Message({ destination: 'org.freedesktop.systemd1', path, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: [iface, name], flags } as ConstructorParameters<typeof dbus.Message>[0]);
  m.serial = serial;
  return marshallMessage(m)[0];
};

test('Properties.Get bytes equal dbus-next\'s, for paths and names of every length (padding)', () => {
  const cases: [number, string, string, string][] = [
    [1, '/org/freedesktop/systemd1/unit/a_2eservice', 'org.freedesktop.systemd1.Unit', 'StateChangeTimestamp'],
    [2, '/', 'a', 'b'],
    [70000, '/org/freedesktop/systemd1/unit/bench_401_2eservice', 'org.freedesktop.systemd1.Service', 'ExecMainStatus'],
    [4294967295, '/org/freedesktop/systemd1/unit/x', 'org.freedesktop.systemd1.Service', 'Résultat'],
  ];
  for (let extra = 0; extra < 9; extra++) cases.push([extra + 10, `/p${'x'.repeat(extra)}`, `i${'y'.repeat(extra)}`, `n${'z'.repeat(extra * 3)}`]);
  for (const [serial, path, iface, name] of cases) {
    assert.deepEqual(propertiesGetMessage(serial, 'org.freedesktop.systemd1', path, iface, name), theirs(serial, path, iface, name), `${path} ${iface} ${name}`);
  }
  assert.deepEqual(propertiesGetMessage(5, 'org.freedesktop.systemd1', '/a', 'b', 'c', 4), theirs(5, '/a', 'b', 'c', 4), 'with flags');
});
