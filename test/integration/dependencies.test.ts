// `svctui dependencies` against `systemctl list-dependencies --full` on the same manager: the tree,
// line for line, in every direction, with a cycle, a missing unit and --all.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { svctui, useSandbox } from '../helpers/sandbox.js';

const UNITS = {
  'd-app.target': '[Unit]\nWants=d-web.service d-db.service d-sub.target\n',
  // d-sub wants d-app back (a cycle, drawn as "...") and a unit that does not exist
  'd-sub.target': '[Unit]\nRequires=d-db.service\nWants=d-app.target d-missing.service\n',
  'd-web.service': '[Unit]\nRequires=d-db.service\nAfter=d-db.service\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'd-db.service': "[Service]\nExecStart=/bin/sh -c 'exit 1'\n",
};

describe('svctui dependencies equals systemctl list-dependencies', () => {
  const sandbox = useSandbox({ units: UNITS });
  before(async () => {
    await sandbox().systemctl(['start', 'd-app.target']);
  });

  for (const args of [['d-app.target'], ['--reverse', 'd-db.service'], ['--after', 'd-web.service'], ['--before', 'd-db.service'], ['--all', 'd-app.target'], ['d-web']]) {
    test(args.join(' '), async () => {
      const sb = sandbox();
      const theirs = await sb.systemctl(['list-dependencies', '--full', '--no-pager', ...args]);
      const ours = await svctui(sb, ['dependencies', ...args], { LANG: 'C.UTF-8' });
      assert.equal(ours.exitCode, 0, ours.stderr);
      assert.equal(ours.stdout.trimEnd(), theirs.stdout.trimEnd());
    });
  }

  test('the tree has what the test made: a failed unit, a missing one, the cycle', async () => {
    const ours = await svctui(sandbox(), ['dependencies', 'd-app.target'], { LANG: 'C.UTF-8' });
    assert.match(ours.stdout, /^× ├─d-db\.service$/m);
    assert.match(ours.stdout, /^○ {3}├─d-missing\.service$/m);
    assert.match(ours.stdout, /^ {4}└─\.\.\.$/m);
  });

  test('ASCII without UTF-8, and a unit that does not exist is exit 4', async () => {
    const sb = sandbox();
    const ascii = await svctui(sb, ['dependencies', 'd-app.target'], { LANG: 'en_US.ISO-8859-1' });
    assert.match(ascii.stdout, /^x \|-d-db\.service$/m);
    const missing = await svctui(sb, ['dependencies', 'd-nope.service']);
    assert.deepEqual([missing.exitCode, missing.stderr], [4, 'svctui: Unit d-nope.service could not be found.\n']);
    const both = await svctui(sb, ['dependencies', '--after', '--before', 'd-web.service']);
    assert.equal(both.exitCode, 2);
    assert.match(both.stderr, /--after and --before cannot go together/);
  });
});
