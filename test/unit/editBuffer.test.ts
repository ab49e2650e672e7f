// What an edit buffer means, as systemctl edit reads it (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDropInBuffer, END_MARKER, extractDropIn, START_MARKER } from '../../src/core/model/editBuffer.js';

const buffer = buildDropInBuffer({ target: '/etc/systemd/system/a.service.d/override.conf', current: '[Service]\nNice=5\n', others: [{ path: '/lib/systemd/system/a.service', text: '[Service]\nExecStart=/bin/true\n' }] });

test('the text between the markers is the drop-in; the commented rest is not', () => {
  assert.equal(extractDropIn(buffer), '[Service]\nNice=5\n');
  assert.equal(extractDropIn(buffer.replace('Nice=5', '')), '[Service]\n');
  assert.equal(extractDropIn(buffer.replace('[Service]\nNice=5', '')), '', 'empty: remove the drop-in');
});

test('without the markers, like systemctl: from the top, to the end — a script\'s text is taken whole', () => {
  assert.equal(extractDropIn('[Service]\nEnvironment=A=1\n'), '[Service]\nEnvironment=A=1\n');
  // Only the end marker left: from the top to it.
  assert.equal(extractDropIn(buffer.replace(`${START_MARKER}\n`, '')), `### Editing /etc/systemd/system/a.service.d/override.conf\n\n[Service]\nNice=5\n`);
  // Only the start marker left: from it to the end (the commented lines stay comments).
  assert.equal(extractDropIn(`${START_MARKER}\n[Service]\nNice=1\n# rest\n`), '[Service]\nNice=1\n# rest\n');
  assert.equal(extractDropIn(`x\n${END_MARKER}\ny\n`), 'x\n');
});
