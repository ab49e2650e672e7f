import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveBusAddress, translateError } from '../../src/host/bus.js';
import { colorWanted, unicodeWanted } from '../../src/core/theme.js';

test('bus addresses: explicit, system, user from the environment', () => {
  assert.equal(resolveBusAddress({ scope: 'user', address: 'unix:path=/x' }), 'unix:path=/x');
  assert.equal(resolveBusAddress({ scope: 'system' }, {}), 'unix:path=/run/dbus/system_bus_socket');
  assert.equal(resolveBusAddress({ scope: 'system' }, { DBUS_SYSTEM_BUS_ADDRESS: 'unix:path=/s' }), 'unix:path=/s');
  assert.equal(resolveBusAddress({ scope: 'user' }, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/u' }), 'unix:path=/u');
  assert.equal(resolveBusAddress({ scope: 'user' }, { XDG_RUNTIME_DIR: '/run/user/1000' }), 'unix:path=/run/user/1000/bus');
});

test('D-Bus errors become words with a hint', () => {
  const denied = translateError({ type: 'org.freedesktop.DBus.Error.AccessDenied', text: 'Permission denied' }, 'StopUnit(x.service)');
  assert.equal(denied.kind, 'access-denied');
  assert.equal(denied.message, 'StopUnit(x.service): access denied (Permission denied). Run as root, or allow it with a polkit rule.');
  const interactive = translateError({ type: 'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired', text: 'Interactive authentication required.' }, 'StartUnit(x.service)');
  assert.equal(interactive.kind, 'interactive-auth');
  assert.match(interactive.message, /Run as root \(sudo\), or run a polkit agent\.$/);
  assert.equal(translateError({ type: 'org.freedesktop.systemd1.NoSuchUnit', text: 'Unit x.service not loaded.' }, 'GetUnit').kind, 'no-such-unit');
  assert.equal(translateError(new Error('boom'), 'Call').message, 'Call: boom');
});

test('colour only on a terminal, never with NO_COLOR or TERM=dumb', () => {
  assert.equal(colorWanted(true, {}), true);
  assert.equal(colorWanted(false, {}), false);
  assert.equal(colorWanted(true, { NO_COLOR: '1' }), false);
  assert.equal(colorWanted(true, { TERM: 'dumb' }), false);
  assert.equal(unicodeWanted({ LANG: 'C.UTF-8' }), true);
  assert.equal(unicodeWanted({}), true);
  assert.equal(unicodeWanted({ LANG: 'en_US.ISO-8859-1' }), false);
});

test('bus addresses svctui can use, and why others cannot be', async () => {
  const { busAddressProblem } = await import('../../src/cli/main.js');
  assert.equal(busAddressProblem('unix:path=/run/dbus/system_bus_socket'), undefined);
  assert.equal(busAddressProblem('unix:abstract=/tmp/dbus-x,guid=1'), undefined);
  assert.equal(busAddressProblem('tcp:host=localhost,port=1234'), undefined);
  assert.equal(busAddressProblem('garbage'), 'it is not a D-Bus address');
  assert.equal(busAddressProblem('unix:guid=1'), 'a unix address needs path= or abstract=');
  assert.equal(busAddressProblem('tcp:host=x'), 'a tcp address needs host= and port=');
});

test('store failures: busy and locked, damaged, and the rest (full disk, read-only)', async () => {
  const { storeFailure } = await import('../../src/host/local/state/historyStore.js');
  assert.equal(storeFailure({ errcode: 5 }), 'busy');
  assert.equal(storeFailure({ errcode: 6 }), 'busy');
  assert.equal(storeFailure({ errcode: 261 }), 'busy'); // SQLITE_BUSY_RECOVERY
  assert.equal(storeFailure({ errcode: 11 }), 'corrupt');
  assert.equal(storeFailure({ errcode: 26 }), 'corrupt');
  assert.equal(storeFailure({ errcode: 13 }), 'unavailable');
  assert.equal(storeFailure({ errcode: 8 }), 'unavailable');
  assert.equal(storeFailure(new Error('x')), 'unavailable');
});
