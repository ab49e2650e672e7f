// bin/svctui starts the D-Bus worker early when the command line looks like the UI: it must know
// every command word of the command table, or a command pays for a worker it never uses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS } from '../../src/cli/commandTable.js';

test("bin/svctui's command words are the command table's", () => {
  const bin = readFileSync(new URL('../../bin/svctui', import.meta.url), 'utf8');
  const listed = /const COMMANDS = new Set\(\[([^\]]*)\]\)/.exec(bin)?.[1]?.match(/'([^']+)'/g)?.map((w) => w.slice(1, -1)) ?? [];
  assert.deepEqual([...listed].sort(), COMMANDS.map((c) => c.name).sort());
});
