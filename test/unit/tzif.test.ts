// Zone abbreviations as libc names them: compared with date(1) (%Z) for the same zone and instant,
// in several zones, around daylight-saving changes, long ago and far ahead (past a file's table).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { abbreviationAt, parseTzif } from '../../src/core/tzif.js';

const ZONES = ['Europe/Berlin', 'Asia/Kolkata', 'America/New_York', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Tokyo', 'Europe/London', 'UTC'];
const INSTANTS = [0, 1_000_000_000, 1_711_846_800 - 1, 1_711_846_800, 1_729_990_800, 1_796_168_446, 2_208_988_800, 2_524_608_000].map(String);

test('abbreviations equal date +%Z in every zone, at every instant', () => {
  const problems: string[] = [];
  for (const zone of ZONES) {
    const info = parseTzif(readFileSync(`/usr/share/zoneinfo/${zone}`));
    assert.ok(info, `${zone} parses`);
    // The offset at each instant, as date(1) says (the platform's own rules, like Date in svctui).
    const out = execFileSync('sh', ['-c', `for t in ${INSTANTS.join(' ')}; do date -d @$t '+%z %Z'; done`], { env: { TZ: zone }, encoding: 'utf8' }).trim().split('\n');
    INSTANTS.forEach((t, i) => {
      const [z, abbr] = out[i]!.split(' ') as [string, string];
      const sign = z.startsWith('-') ? -1 : 1;
      const utoff = sign * (Number(z.slice(1, 3)) * 3600 + Number(z.slice(3, 5)) * 60);
      const ours = abbreviationAt(info!, Number(t), utoff);
      if (ours !== abbr) problems.push(`${zone} @${t}: date says ${abbr}, svctui ${ours}`);
    });
  }
  assert.deepEqual(problems, []);
});

test('not a TZif file: undefined, no throw', () => {
  assert.equal(parseTzif(new TextEncoder().encode('not a zone file at all, but long enough to have a header')), undefined);
  assert.equal(parseTzif(new Uint8Array(0)), undefined);
});
