// svctui journal's filters against journalctl's own output for the same options, on the system
// manager (a box): several units at once, a priority and a range, -n, -b, a window in time, and no
// entries. The truth is journalctl's (-u, run on that host).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { svctuiInBox, useSystemBox } from '../helpers/systemBox.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'jf-a.service': `[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo "<3>a error"; echo "<4>a warning"; echo "<6>a info"'\n`,
  'jf-b.service': `[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo "<2>b critical"; echo "<5>b notice"; echo b plain'\n`,
  'jf-quiet.service': '[Service]\nType=oneshot\nExecStart=/bin/true\n',
};

describe('svctui journal: the same lines as journalctl', () => {
  const box = useSystemBox({ units: UNITS });
  const theirs = async (args: string[]) => (await box().exec(['journalctl', '--no-pager', '-o', 'short', ...args])).stdout.replace(/\n$/, '');

  test('units, priorities, -n, -b, --since/--until and no entries', async () => {
    const b = box();
    assert.equal((await b.systemctl(['start', 'jf-a.service', 'jf-b.service'])).exitCode, 0);
    await waitFor(async () => ((await theirs(['-u', 'jf-b.service'])).includes('b plain') && (await theirs(['-u', 'jf-a.service'])).includes('a info') ? true : undefined), 'both in the journal');
    const now = (await b.exec(['date', '+%Y-%m-%d %H:%M:%S'])).stdout.trim();
    const cases: [string[], string[]][] = [
      [['jf-a', 'jf-b'], ['-u', 'jf-a.service', '-u', 'jf-b.service']],
      [['jf-a', 'jf-b', '-p', 'warning'], ['-u', 'jf-a.service', '-u', 'jf-b.service', '-p', 'warning']],
      [['jf-a', 'jf-b', '-p', 'err..notice'], ['-u', 'jf-a.service', '-u', 'jf-b.service', '-p', 'err..notice']],
      [['jf-a', '-n', '2'], ['-u', 'jf-a.service', '-n', '2']],
      [['jf-b', '-b'], ['-u', 'jf-b.service', '-b']],
      [['jf-b', '-b', '-0'], ['-u', 'jf-b.service', '-b', '-0']],
      [['jf-a', '--until', '2000-01-01'], ['-u', 'jf-a.service', '--until', '2000-01-01']],
      [['jf-a', '--since', now], ['-u', 'jf-a.service', '--since', now]],
      [['jf-quiet'], ['-u', 'jf-quiet.service']],
    ];
    for (const [ours, args] of cases) {
      const want = await theirs(args);
      const got = await svctuiInBox(b, ['journal', ...ours]);
      assert.equal(got.exitCode, 0, got.stderr);
      assert.equal(got.stdout.replace(/\n$/, ''), want, `svctui journal ${ours.join(' ')} / journalctl ${args.join(' ')}`);
    }
    // (Not vacuous: the filters really filter.)
    const warning = (await svctuiInBox(b, ['journal', 'jf-a', 'jf-b', '-p', 'warning'])).stdout;
    assert.match(warning, /a error/);
    assert.match(warning, /b critical/);
    assert.doesNotMatch(warning, /a info|b notice|b plain/);
    assert.equal((await svctuiInBox(b, ['journal', 'jf-quiet'])).stdout.trim(), '-- No entries --');
  });

  test('a priority journalctl would not take is said in words', async () => {
    const r = await svctuiInBox(box(), ['journal', 'jf-a', '-p', 'loud']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /-p takes a priority \(emerg, alert, crit, err, warning, notice, info, debug, or 0-7\) or a range such as err\.\.warning, not "loud"/);
  });
});
