#!/usr/bin/env node
// A stand-in for $EDITOR in tests. It saves what it was given to $FAKE_EDITOR_LOG, then:
//   FAKE_EDITOR_MODE=dropin  replaces the text between the markers with $FAKE_EDITOR_TEXT
//   FAKE_EDITOR_MODE=full    replaces the whole file with $FAKE_EDITOR_TEXT
//   FAKE_EDITOR_MODE=keep    leaves the file as it is
//   FAKE_EDITOR_MODE=fail    exits 1 after writing $FAKE_EDITOR_TEXT between the markers
//   FAKE_EDITOR_MODE=kill-parent  writes like dropin, then kills its parent (svctui) with SIGKILL
//   FAKE_EDITOR_MODE=save-and-wait  writes like dropin, records its pid in $FAKE_EDITOR_PID, and
//                   stays open (a user who saved but has not quit the editor yet)
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[process.argv.length - 1];
const before = readFileSync(file, 'utf8');
if (process.env.FAKE_EDITOR_LOG) appendFileSync(process.env.FAKE_EDITOR_LOG, `=== ${file}\n${before}`);
const mode = process.env.FAKE_EDITOR_MODE ?? 'keep';
const text = (process.env.FAKE_EDITOR_TEXT ?? '').replace(/\\n/g, '\n');
const START = '### Anything between here and the comment below will become the new contents of the file';
const END = '### Lines below this comment will be discarded';
function betweenMarkers() {
  const lines = before.split('\n');
  const s = lines.indexOf(START);
  const e = lines.indexOf(END);
  if (s < 0 || e < 0) throw new Error('fake editor: no markers');
  return [...lines.slice(0, s + 1), text, ...lines.slice(e)].join('\n');
}
if (mode === 'dropin' || mode === 'fail' || mode === 'kill-parent' || mode === 'save-and-wait') writeFileSync(file, betweenMarkers());
if (mode === 'full') writeFileSync(file, text);
if (mode === 'fail') process.exit(1);
if (mode === 'kill-parent') process.kill(process.ppid, 'SIGKILL');
if (mode === 'save-and-wait') {
  if (process.env.FAKE_EDITOR_PID) writeFileSync(process.env.FAKE_EDITOR_PID, String(process.pid));
  setInterval(() => undefined, 1 << 30);
}
