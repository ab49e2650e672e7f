// The systemctl verbs, checked against systemctl itself: twin units (a for systemctl, b for svctui)
// start each case in the same state; the exit status, what is printed for the is-* queries and the
// units' resulting state must be the same. The truth is systemctl's, never svctui's code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { svctui, useSandbox } from '../helpers/sandbox.js';
import { CASES, prepare, state, twin, UNITS } from '../helpers/verbCases.js';

describe('the systemctl verbs: the same exit status, output and resulting state as systemctl', () => {
  const sandbox = useSandbox({ units: UNITS });

  for (const c of CASES) {
    test(`${c.verb.join(' ')} ${c.kind} (${c.setup})${c.after ? ` ${c.after.join(' ')}` : ''}`, async () => {
      const sb = sandbox();
      const a = twin(c.kind, 'a');
      const b = twin(c.kind, 'b');
      if (c.kind !== 'missing') await prepare(sb, [a, b], c.setup);
      assert.equal(await state(sb, a), await state(sb, b), 'the twins start alike');
      const theirs = await sb.systemctl([...c.verb, a, ...(c.after ?? [])]);
      const ours = await svctui(sb, [...c.verb, b, ...(c.after ?? [])]);
      const what = `systemctl said ${JSON.stringify(theirs.stdout + theirs.stderr)}; svctui said ${JSON.stringify(ours.stdout + ours.stderr)}`;
      assert.equal(ours.exitCode, theirs.exitCode, `exit status (${what})`);
      // (The sandbox's systemctl() drops the last newline.)
      if (c.verb[0]!.startsWith('is-')) assert.equal(ours.stdout.replace(/\n$/, ''), theirs.stdout, 'what it prints');
      else assert.equal(ours.stdout, '', 'nothing on standard output');
      // (An is-* query's status is its answer, not a failure.)
      if (theirs.exitCode !== 0 && !c.verb[0]!.startsWith('is-')) assert.notEqual(ours.stderr.trim(), '', 'a failure is said in words');
      assert.doesNotMatch(ours.stderr, /internal error|at .*\.js:\d+/);
      assert.equal(await state(sb, b), await state(sb, a), `the resulting state (${what})`);
    });
  }

  test('several units and a glob, as systemctl takes them', async () => {
    const sb = sandbox();
    const all = Object.keys(UNITS).filter((u) => u.startsWith('vb-run-') || u.startsWith('vb-static-'));
    await prepare(sb, all, 'running');
    const theirs = await sb.systemctl(['stop', 'vb-run-a.service', 'vb-static-a*']);
    const ours = await svctui(sb, ['stop', 'vb-run-b', 'vb-static-b*']);
    assert.equal(ours.exitCode, theirs.exitCode);
    for (const kind of ['run', 'static']) assert.equal(await state(sb, twin(kind, 'b')), await state(sb, twin(kind, 'a')), kind);
    assert.equal((await sb.systemctl(['is-active', 'vb-static-b.service'])).stdout.trim(), 'inactive', 'the glob matched');
  });

  test('a word that is neither a command nor a unit: did you mean, exit 1; CMD --help is that command', async () => {
    const typo = await svctui(undefined, ['lsit']);
    assert.equal(typo.exitCode, 1);
    assert.match(typo.stderr, /unknown command "lsit" \(did you mean list\?/);
    const help = await svctui(undefined, ['kill', '--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /^Usage: svctui \[OPTIONS\] kill UNIT\.\.\. \[--signal SIG\]\n/);
    assert.match(help.stdout, /--kill-whom WHOM/);
    assert.doesNotMatch(help.stdout, /--template/, 'only the options that apply');
  });

  test('list-unit-files on the user manager: what systemctl --user list-unit-files prints, and its exit status', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['enable', twin('run', 'a')])).exitCode, 0);
    for (const args of [[], ['vb-*'], ['--state=enabled'], ['-t', 'socket,timer'], ['no-such-file-*']]) {
      const theirs = await sb.systemctl(['list-unit-files', ...args]);
      const ours = await svctui(sb, ['list-unit-files', ...args]);
      // (The sandbox's systemctl() drops the last newline.)
      assert.equal(ours.stdout.replace(/\n$/, ''), theirs.stdout, `list-unit-files ${args.join(' ')}`);
      assert.equal(ours.exitCode, theirs.exitCode, `list-unit-files ${args.join(' ')}: exit status`);
    }
    // --json: the same files and states, with their paths.
    const json = await svctui(sb, ['list-unit-files', '--json', 'vb-*']);
    assert.equal(json.exitCode, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as { unit_file: string; state: string; preset: string | null; path: string }[];
    const listed = (await sb.systemctl(['list-unit-files', '--no-legend', 'vb-*'])).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.deepEqual(rows.map((r) => [r.unit_file, r.state, r.preset ?? '-']), listed);
    assert.ok(rows.every((r) => r.path.endsWith(`/${r.unit_file}`)), 'each with its path');
  });
});
