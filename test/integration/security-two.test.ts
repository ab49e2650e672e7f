// Safe as root, round two (the second security issue): paths systemd splits, links that move a
// write. Each probe as the attacker made it — a second, unprivileged local user planting files —
// against the real sandbox. See SECURITY.md.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, statSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import type { Sandbox } from '../../src/host/sandbox/sandbox.js';
import { showProps, svctui, useSandbox, waitForState } from '../helpers/sandbox.js';
import { otherUid, shAsUser } from '../helpers/otherUser.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'two-a.service': '[Unit]\nDescription=Runs until stopped\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  ...Object.fromEntries([0, 1, 2].map((i) => [`two-prop${i}.service`, '[Unit]\nDescription=Handlers attached by odd paths\n\n[Service]\nExecStart=/bin/sleep infinity\n'])),
  'two-c1.service': '[Unit]\nDescription=CSI \u009b31mred and \u202eexe.txt\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'esc\\x2dtest.service': '[Unit]\nDescription=A name with an escape\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

/** ExecStopPost's entries as systemd reports them on D-Bus (busctl's JSON): [path, argv]. */
async function execStopPost(sb: Sandbox, unit: string): Promise<[string, string[]][]> {
  const busctl = (args: string[]) => execa('busctl', [`--address=${sb.busAddress}`, '--json=short', ...args], { reject: false });
  const got = await busctl(['call', 'org.freedesktop.systemd1', '/org/freedesktop/systemd1', 'org.freedesktop.systemd1.Manager', 'LoadUnit', 's', unit]);
  assert.equal(got.exitCode, 0, String(got.stderr));
  const path = (JSON.parse(String(got.stdout)) as { data: [string] }).data[0];
  const r = await busctl(['get-property', 'org.freedesktop.systemd1', path, 'org.freedesktop.systemd1.Service', 'ExecStopPost']);
  assert.equal(r.exitCode, 0, String(r.stderr));
  return (JSON.parse(String(r.stdout)) as { data: [string, string[]][] }).data.map((e) => [e[0], e[1]]);
}

describe('security, round two', () => {
  const sandbox = useSandbox({ units: UNITS });
  const attacker = otherUid();
  let shared: string;
  let work: string;

  before(() => {
    const root = sandbox().root;
    chmodSync(root, 0o755);
    // /srv/shared as on many servers: root's, sticky and world-writable.
    shared = join(root, 'srv-shared');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o1777);
    work = join(root, 'two-work');
    mkdirSync(work, { mode: 0o755 });
  });

  test('1. a path with a space runs that file, never the first word another user planted', async () => {
    const sb = sandbox();
    const tools = join(shared, 'adm tools');
    mkdirSync(tools, { mode: 0o755 });
    const marks = join(work, 'marks');
    mkdirSync(marks, { mode: 0o755 });
    writeFileSync(join(tools, 'notify.sh'), `#!/bin/sh\n: > ${marks}/notify-ran\n`, { mode: 0o755 });
    // The attacker creates what an unquoted line would run: /…/srv-shared/adm
    await shAsUser(attacker, `printf '#!/bin/sh\\n: > ${marks}/adm-ran\\n' > '${shared}/adm'; chmod 755 '${shared}/adm'`);
    const exec = join(tools, 'notify.sh');
    const r = await svctui(sb, ['handler', 'attach', 'two-a.service', '--exec', exec, '--name', 'notify', '--yes']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.deepEqual(await execStopPost(sb, 'two-a.service'), [[exec, [exec, 'two-a.service']]]);
    assert.equal((await sb.systemctl(['start', 'two-a.service'])).exitCode, 0);
    assert.equal((await sb.systemctl(['stop', 'two-a.service'])).exitCode, 0);
    await waitFor(async () => existsSync(join(marks, 'notify-ran')), 'the handler to run', 10_000);
    assert.equal(existsSync(join(marks, 'adm-ran')), false, "the attacker's file never ran");
    assert.equal((await svctui(sb, ['handler', 'detach', 'two-a.service', 'notify', '--yes'])).exitCode, 0);
  });

  test('1. a unit name with \\x2d: the generated script is the file systemd runs', async () => {
    const sb = sandbox();
    const unit = 'esc\\x2dtest.service';
    const r = await svctui(sb, ['handler', 'attach', unit, '--template', 'log', '--yes']);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const [[path, argv]] = (await execStopPost(sb, unit)) as [[string, string[]]];
    assert.deepEqual(argv, [path, unit]);
    assert.ok(existsSync(path), `${path} exists: the file systemd will run is the one written`);
    assert.doesNotMatch(path, /\\/, 'no backslash in the script name');
    assert.equal((await sb.systemctl(['start', unit])).exitCode, 0);
    assert.equal((await sb.systemctl(['stop', unit])).exitCode, 0);
    await waitForState(sb, unit, { ActiveState: 'inactive' });
    const props = await showProps(sb, unit, ['ExecStopPost']);
    assert.match(props.ExecStopPost!, /status=0\/0/, `the handler ran and exited 0: ${props.ExecStopPost}`);
    assert.equal((await svctui(sb, ['handler', 'detach', unit, 'log', '--yes'])).exitCode, 0);
    assert.equal(existsSync(path), false, 'the script goes with the handler');
  });

  test('1. every printable ASCII character, spaces, UTF-8, % and \\ in an --exec path: systemd reports exactly it, or nothing is written', async () => {
    const sb = sandbox();
    const dir = join(work, 'odd');
    mkdirSync(dir, { mode: 0o755 });
    const names: string[] = [];
    for (let c = 0x20; c < 0x7f; c++) if (c !== 0x2f) names.push(`h${String.fromCharCode(c)}x`);
    names.push('two words', ' lead', 'trail ', 'é-ü', '日本', '%n', '%%', '%i%', '\\x2d', 'a\\b', `q"q`, `s's`, '$HOME', '${X}', 'semi;', ';', '-dash', '@at', '+plus', '!bang', ':colon');
    const outcomes = { exact: [] as string[], refused: [] as string[], other: [] as string[] };
    // Three units side by side: each attach is a write, a reload and a look on D-Bus.
    const lane = async (unit: string, mine: string[]) => {
      const dropIns = join(sb.unitDir, `${unit}.d`);
      for (const name of mine) {
        const exec = join(dir, name, 'h.sh');
        mkdirSync(join(dir, name), { mode: 0o755 });
        // Not dry-run aware: attach --yes then skips the simulation (only the line is under test).
        writeFileSync(exec, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
        rmSync(dropIns, { recursive: true, force: true });
        const r = await svctui(sb, ['handler', 'attach', unit, '--exec', exec, '--name', 'prop', '--yes']);
        if (r.exitCode === 0) {
          const seen = await execStopPost(sb, unit);
          if (seen.length === 1 && seen[0]![0] === exec && JSON.stringify(seen[0]![1]) === JSON.stringify([exec, unit])) outcomes.exact.push(name);
          else outcomes.other.push(`${JSON.stringify(name)}: attached, systemd reports ${JSON.stringify(seen)}`);
        } else if (r.exitCode === 1 && /refusing to run/.test(r.stderr) && !existsSync(join(dropIns, '50-svctui-handler-prop.conf'))) outcomes.refused.push(name);
        else outcomes.other.push(`${JSON.stringify(name)}: exit ${r.exitCode}, drop-in ${existsSync(join(dropIns, '50-svctui-handler-prop.conf')) ? 'left' : 'not left'}: ${r.stderr.trim()}`);
      }
      rmSync(dropIns, { recursive: true, force: true });
    };
    await Promise.all([0, 1, 2].map((i) => lane(`two-prop${i}.service`, names.filter((_, j) => j % 3 === i))));
    await sb.daemonReload();
    assert.deepEqual(outcomes.other, [], 'no outcome but exact or refused');
    assert.equal(outcomes.exact.length + outcomes.refused.length, names.length);
    // Quotes and the backslash are what systemd refuses in an executable's path: svctui says so first.
    assert.deepEqual(outcomes.refused.sort(), ['h"x', "h'x", 'h\\x', '\\x2d', 'a\\b', 'q"q', "s's"].sort());
  });

  test('2. another user\'s symlink is refused, for --exec and for the json file, and nothing is written', async () => {
    const sb = sandbox();
    // A root-only file (think: a sudoers drop-in) and a root-owned executable.
    const secret = join(work, 'root-only.conf');
    writeFileSync(secret, 'root ALL=(ALL) ALL\n', { mode: 0o600 });
    const tool = join(work, 'tool.sh');
    writeFileSync(tool, '#!/bin/sh\n# SVCTUI_DRY_RUN\nexit 0\n', { mode: 0o755 });
    await shAsUser(attacker, `ln -s '${secret}' '${shared}/stops.jsonl'; ln -s '${tool}' '${shared}/tool'`);
    const json = await svctui(sb, ['handler', 'attach', 'two-a.service', '--template', 'json', '--file', join(shared, 'stops.jsonl'), '--name', 'rec', '--yes']);
    assert.equal(json.exitCode, 1, json.stdout + json.stderr);
    assert.match(json.stderr, new RegExp(`refusing to append two-a\\.service's records to ${shared}/stops\\.jsonl: the symbolic link ${shared}/stops\\.jsonl -> ${secret.replace(/[.]/g, '\\.')}: it belongs to uid ${attacker}, who could point it elsewhere`));
    const exec = await svctui(sb, ['handler', 'attach', 'two-a.service', '--exec', join(shared, 'tool'), '--name', 'tool', '--yes']);
    assert.equal(exec.exitCode, 1, exec.stdout + exec.stderr);
    assert.match(exec.stderr, new RegExp(`refusing to run ${shared}/tool as two-a\\.service's handler: the symbolic link ${shared}/tool -> ${tool.replace(/[.]/g, '\\.')}: it belongs to uid ${attacker}`));
    assert.deepEqual(existsSync(join(sb.unitDir, 'two-a.service.d')) ? readdirSync(join(sb.unitDir, 'two-a.service.d')) : [], []);
    assert.equal(readFileSync(secret, 'utf8'), 'root ALL=(ALL) ALL\n');
  });

  test('2. a link of root\'s is shown resolved before the question, and the records go to the real file', async () => {
    const sb = sandbox();
    const real = join(work, 'records.jsonl');
    const link = join(work, 'records-link.jsonl');
    await sb.inside(['ln', '-s', real, link]);
    const r = await svctui(sb, ['handler', 'attach', 'two-a.service', '--template', 'json', '--file', link, '--name', 'rec2'], {}, 'n\n');
    assert.equal(r.exitCode, 1);
    const said = r.stdout.indexOf(`${link} is ${real}; the records go to ${real}.`);
    const asked = r.stdout.indexOf('Attach this handler to two-a.service? [y/N]');
    assert.ok(said >= 0 && asked > said, r.stdout);
  });

  test('5. C1 controls and bidirectional overrides from a unit are escaped on screen and in JSON', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'two-c1.service'])).exitCode, 0);
    const json = await svctui(sb, ['list', '--all', '--files', '--json', 'two-c1.service']);
    assert.equal(json.exitCode, 0, json.stderr);
    assert.doesNotMatch(json.stdout, /[\u0080-\u009f\u202a-\u202e]/, 'no raw C1 or bidi character');
    assert.ok(json.stdout.includes('CSI \\u009b31mred and \\u202eexe.txt'), json.stdout);
    assert.equal((JSON.parse(json.stdout) as { description: string }[])[0]!.description, 'CSI \u009b31mred and \u202eexe.txt', 'the same data once parsed');
    const status = await svctui(sb, ['status', 'two-c1.service']);
    assert.doesNotMatch(status.stdout, /[\u0080-\u009f\u202a-\u202e]/);
    assert.match(status.stdout, /two-c1\.service - CSI \\x9b31mred and \\u202eexe\.txt/);
    assert.equal((await sb.systemctl(['stop', 'two-c1.service'])).exitCode, 0);
  });

  test('4. the handlers folder is judged before anything is written in it', async () => {
    const sb = sandbox();
    const handlers = join(sb.configHome, 'svctui', 'handlers');
    rmSync(join(sb.configHome, 'svctui'), { recursive: true, force: true });
    // The folder above, svctui/, is writable by anyone: a script made there could be swapped.
    mkdirSync(join(sb.configHome, 'svctui'), { mode: 0o755 });
    chmodSync(join(sb.configHome, 'svctui'), 0o777);
    const r = await svctui(sb, ['handler', 'attach', 'two-a.service', '--template', 'log', '--name', 'early', '--yes']);
    assert.equal(r.exitCode, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /refusing to write .*two-a\.service--early\.sh: .*svctui\/handlers does not exist yet and could be created first by another user in .*svctui, which anyone can write to \(mode 777\)/);
    assert.equal(existsSync(handlers), false, 'no folder was made');
    assert.equal(existsSync(join(sb.unitDir, 'two-a.service.d', '50-svctui-handler-early.conf')), false);
    rmSync(join(sb.configHome, 'svctui'), { recursive: true, force: true });
  });

  test("9. nothing is made in another user's XDG_STATE_HOME; every state file is 0600", async () => {
    const sb = sandbox();
    const theirs = join(work, 'their-state');
    mkdirSync(theirs, { mode: 0o755 });
    chownSync(theirs, attacker, attacker);
    const r = await svctui(sb, ['history', 'two-a.service'], { XDG_STATE_HOME: theirs });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`svctui does not use its state folder ${theirs}/svctui: ${theirs} belongs to uid ${attacker}`));
    assert.deepEqual(readdirSync(theirs), [], 'nothing was created there');
    const mine = join(work, 'my-state');
    mkdirSync(mine, { mode: 0o700 });
    const ok = await svctui(sb, ['history', 'two-a.service'], { XDG_STATE_HOME: mine });
    assert.equal(ok.exitCode, 0, ok.stderr);
    const files = readdirSync(join(mine, 'svctui'));
    assert.ok(files.includes('history.sqlite'), files.join());
    for (const f of files) assert.equal(statSync(join(mine, 'svctui', f)).mode & 0o777, 0o600, `${f} is 0600`);
    assert.equal(statSync(join(mine, 'svctui')).mode & 0o777, 0o700);
  });

  test('7. input that has ended answers every question (edit --stdin with a finding, binary input): no hang', async () => {
    const sb = sandbox();
    const bogus = await svctui(sb, ['edit', 'two-a.service', '--stdin'], {}, '[Service]\nBogusKey=1\n');
    assert.equal(bogus.exitCode, 1, bogus.stdout + bogus.stderr);
    assert.match(bogus.stdout + bogus.stderr, /BogusKey/);
    assert.match(bogus.stdout + bogus.stderr, /Nothing was changed|not applied|kept/);
    assert.equal(existsSync(join(sb.unitDir, 'two-a.service.d', 'override.conf')), false, 'nothing applied without a yes');
    const binary = await svctui(sb, ['edit', 'two-a.service', '--stdin'], {}, '\u0000\u0001\u00ff\ufffe[Service\n\u0000');
    assert.notEqual(binary.exitCode, 0);
    assert.ok(binary.exitCode === 1 || binary.exitCode === 2, `${binary.exitCode}: ${binary.stderr}`);
    assert.doesNotMatch(binary.stderr, /^\s+at /m);
    assert.equal(existsSync(join(sb.unitDir, 'two-a.service.d', 'override.conf')), false);
  });

  test("8. a TMPDIR in another user's folder: edit's check, the preview and ssh's control folder refuse it in words; Node's compile cache is never put there", async () => {
    const sb = sandbox();
    const theirs = join(work, 'their-tmp');
    mkdirSync(theirs, { mode: 0o777 });
    chmodSync(theirs, 0o777);
    chownSync(theirs, attacker, attacker);
    const refusal = new RegExp(`refusing to use the temporary folder ${theirs}/svctui-[a-z]+-\\w+: ${theirs} belongs to uid ${attacker}.*\\(set TMPDIR to a folder only root or you can write to\\)`);
    const edit = await svctui(sb, ['edit', 'two-a.service', '--stdin'], { TMPDIR: theirs }, '[Service]\nEnvironment=X=1\n');
    assert.equal(edit.exitCode, 1, edit.stdout + edit.stderr);
    assert.match(edit.stderr, refusal);
    assert.equal(existsSync(join(sb.unitDir, 'two-a.service.d', 'override.conf')), false, 'nothing applied');
    const preview = await svctui(sb, ['handler', 'preview', 'two-a.service', '--template', 'log'], { TMPDIR: theirs });
    assert.equal(preview.exitCode, 1, preview.stdout + preview.stderr);
    assert.match(preview.stderr, refusal);
    const ssh = await svctui(undefined, ['-H', 'nobody@127.0.0.1:1', 'list'], { TMPDIR: theirs });
    assert.equal(ssh.exitCode, 1, ssh.stdout + ssh.stderr);
    assert.match(ssh.stderr, refusal);
    assert.deepEqual(readdirSync(theirs), [], 'every folder made there was removed');
  });
});
