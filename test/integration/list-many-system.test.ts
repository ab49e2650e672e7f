// `svctui list` of many stopped units on the system manager: the system bus lets a connection wait
// for 128 replies at most, and a unit that ended asks up to eleven properties. Every row must still
// say what systemd says (a refused call must not become an unknown or wrong fact).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { svctuiInBox, useSystemBox } from '../helpers/systemBox.js';

const COUNT = 150;

describe('list on the system manager, many ended units at once', () => {
  const box = useSystemBox({ units: { 'many@.service': "[Unit]\nDescription=Many %i\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'exit 7'\n" } });

  test(`${COUNT} failed units, listed by a user who is not root: each row's exit and reason as systemd has them`, async () => {
    const b = box();
    // As a user who is not root (an admin's first look, before sudo).
    await b.addUser('alice');
    const names = Array.from({ length: COUNT }, (_, i) => `many@${i}.service`);
    // Each fails (exit 7); systemctl says so for each, and so must svctui.
    await b.exec(['systemctl', 'start', '--no-block', ...names]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await b.exec(['systemctl', 'list-units', '--all', '--plain', '--no-legend', '--state=failed', 'many@*']);
      if (r.stdout.trim().split('\n').filter(Boolean).length === COUNT) break;
      if (Date.now() > deadline) throw new Error(`not all ${COUNT} units failed: ${r.stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const r = await svctuiInBox(b, ['list', '--all', '--json', 'many@*'], { user: 'alice' });
    assert.equal(r.exitCode, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { unit: string; active: string; lastExit: string; stopReason: string; exitStatus: number | null; result: string | null }[];
    assert.equal(rows.length, COUNT);
    const wrong = rows.filter((row) => row.active !== 'failed' || row.exitStatus !== 7 || row.result !== 'exit-code' || row.stopReason !== 'exit-code');
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${COUNT} rows differ from systemd's`);
  });
});
