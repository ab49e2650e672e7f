// --become: a fleet where root cannot log in, reached as a user with sudo. Two system boxes; on
// each, "ops" may run anything through sudo without a password (NOPASSWD) and "asker" only with
// one. Over real ssh as ops with --become, svctui restarts a unit and edits one (a drop-in systemd
// then reads) — checked with each host's systemctl; as asker it refuses in words, per host, never
// prompting; an inventory's ansible_become does the same as --become.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSystemBox, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { sshIntoBoxes, type BoxSsh } from '../helpers/boxSsh.js';
import { REPO_ROOT } from '../helpers/sandbox.js';

const UNITS = { 'fbe-run.service': '[Unit]\nDescription=Runs\n\n[Service]\nExecStart=/bin/sleep infinity\n' };
const HOSTS = ['db1', 'db2'];
/** asker's password on both hosts: it must never be seen anywhere but sudo's standard input. */
const PASSWORD = 'Pw-7741-svctui-only';

describe('--become: sudo on the far side', () => {
  const boxes = new Map<string, SystemBox>();
  let ssh: (BoxSsh & { hosts: string[] }) | undefined;
  const svctui = (args: string[], input?: string) => execa(process.execPath, [`${REPO_ROOT}bin/svctui`, ...args], { reject: false, input, env: { PATH: ssh!.path, NO_COLOR: '1', EDITOR: 'false' } });
  const invocation = async (h: string) => (await boxes.get(h)!.systemctl(['show', '-p', 'InvocationID', '--value', 'fbe-run.service'])).stdout.trim();

  before(async () => {
    const started = await Promise.all(HOSTS.map(() => startSystemBox({ units: UNITS })));
    HOSTS.forEach((h, i) => boxes.set(h, started[i]!));
    ssh = await sshIntoBoxes(HOSTS.map((host) => ({ box: boxes.get(host)!, host })));
    const key = readFileSync(join(ssh.dir, 'id.pub'), 'utf8');
    for (const b of boxes.values()) {
      await b.systemctl(['start', 'fbe-run.service']);
      for (const user of ['ops', 'asker']) {
        await b.addUser(user, PASSWORD);
        const r = await b.exec(['sh', '-c', `mkdir -p /home/${user}/.ssh && printf '%s' "$KEY" > /home/${user}/.ssh/authorized_keys && chown -R ${user}: /home/${user}/.ssh && chmod 700 /home/${user}/.ssh && chmod 600 /home/${user}/.ssh/authorized_keys`], { env: { KEY: key } });
        assert.equal(r.exitCode, 0, r.stderr);
      }
      const s = await b.exec(['sh', '-c', "mkdir -p /etc/sudoers.d && printf 'ops ALL=(ALL) NOPASSWD: ALL\\nasker ALL=(ALL) ALL\\n' > /etc/sudoers.d/svctui-test && chmod 440 /etc/sudoers.d/svctui-test"]);
      assert.equal(s.exitCode, 0, s.stderr);
    }
  });
  after(async () => {
    ssh?.remove();
    await Promise.all([...boxes.values()].map((b) => b.stop()));
  });

  test('as ops with --become: a restart on both hosts and an edit, checked with each host\'s systemctl', async () => {
    const before = await Promise.all(HOSTS.map(invocation));
    const r = await svctui(['-H', 'ops@db1', '-H', 'ops@db2', '--become', 'restart', 'fbe-run']);
    assert.equal(r.exitCode, 0, String(r.stderr) + String(r.stdout));
    assert.deepEqual(String(r.stdout).trim().split('\n'), ['ops@db1: restart fbe-run.service: done', 'ops@db2: restart fbe-run.service: done']);
    const after = await Promise.all(HOSTS.map(invocation));
    HOSTS.forEach((h, i) => assert.notEqual(after[i], before[i], `${h}: a new run`));
    // An edit through sudo: the drop-in is written as root there, and systemd reads it.
    const e = await svctui(['-H', 'ops@db1', '--become', 'edit', 'fbe-run', '--stdin'], '[Service]\nEnvironment=FROM_SVCTUI=1\n');
    assert.equal(e.exitCode, 0, String(e.stderr) + String(e.stdout));
    const env = (await boxes.get('db1')!.systemctl(['show', '-p', 'Environment', '--value', 'fbe-run.service'])).stdout.trim();
    assert.equal(env, 'FROM_SVCTUI=1');
    const owner = await boxes.get('db1')!.exec(['stat', '-c', '%U %a', '/etc/systemd/system/fbe-run.service.d/override.conf']);
    assert.equal(owner.stdout.trim(), 'root 644');
  });

  test('as asker (sudo wants a password), on a terminal: asked once per host, never echoed, never in a process argument, environment or file', async () => {
    const { openTerminal, svctuiCommand } = await import('../helpers/tmux.js');
    const state = join(ssh!.dir, 'state');
    const before = await Promise.all(HOSTS.map(invocation));
    const term = await openTerminal(svctuiCommand(['-H', 'asker@db1', '-H', 'asker@db2', '--become', 'restart', 'fbe-run']), { columns: 120, rows: 30 }, { PATH: ssh!.path, XDG_STATE_HOME: state, NO_COLOR: '1' });
    /** Every process's arguments and environment on this machine (the boxes' too: one kernel). */
    const exposed = () => {
      const found: string[] = [];
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
        for (const f of ['cmdline', 'environ']) {
          try {
            if (readFileSync(`/proc/${pid}/${f}`).includes(PASSWORD)) found.push(`${pid}/${f}`);
          } catch {
            // gone, or not ours to read
          }
        }
      }
      return found;
    };
    try {
      // The hosts connect at once: either may ask first; each asks once, one question at a time.
      const first = await term.waitForScreen((t) => /\[sudo\] password for asker on db[12]:/.test(t), 'the first host\'s question', 30_000);
      const firstHost = /\[sudo\] password for asker on (db[12]):/.exec(first)![1]!;
      const other = firstHost === 'db1' ? 'db2' : 'db1';
      await term.type(PASSWORD);
      await term.send('Enter');
      await term.waitForScreen((t) => t.includes(`[sudo] password for asker on ${other}:`), `${other}'s question (asked for that host too)`, 30_000);
      assert.deepEqual(exposed(), [], 'the password in no process argument or environment');
      await term.type(PASSWORD);
      await term.send('Enter');
      const end = await term.waitForExit(60_000);
      assert.equal(end.status, 0, end.text);
      assert.ok(!end.text.includes(PASSWORD), 'never on screen');
      assert.match(end.text, /asker@db1: restart fbe-run\.service: done\s+asker@db2: restart fbe-run\.service: done/);
    } finally {
      await term.close();
    }
    const after = await Promise.all(HOSTS.map(invocation));
    HOSTS.forEach((h, i) => assert.notEqual(after[i], before[i], `${h}: a new run`));
    assert.deepEqual(exposed(), []);
    // An edit as asker: the password asked, the drop-in written through sudo, systemd reads it.
    const editor = `${process.execPath} ${REPO_ROOT}test/helpers/fake-editor.mjs`;
    const edit = await openTerminal(svctuiCommand(['-H', 'asker@db2', '--become', 'edit', 'fbe-run']), { columns: 120, rows: 30 }, { PATH: ssh!.path, XDG_STATE_HOME: state, NO_COLOR: '1', SYSTEMD_EDITOR: editor, FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=PW_EDIT=1\\n' });
    try {
      await edit.waitForScreen((t) => t.includes('[sudo] password for asker on db2:'), "db2's question for the edit", 30_000);
      await edit.type(PASSWORD);
      await edit.send('Enter');
      await edit.waitForScreen((t) => /Wrote \/etc\/systemd\/system\/fbe-run\.service\.d\/override\.conf and reloaded the manager\.[\s\S]*Restart it now\? \[y\/N\]/.test(t), 'written through sudo; the restart offered', 30_000);
      await edit.send('n');
      await edit.send('Enter');
      const end = await edit.waitForExit(60_000);
      assert.equal(end.status, 0, end.text);
      assert.ok(!end.text.includes(PASSWORD), 'never on screen');
    } finally {
      await edit.close();
    }
    assert.equal((await boxes.get('db2')!.systemctl(['show', '-p', 'Environment', '--value', 'fbe-run.service'])).stdout.trim(), 'PW_EDIT=1');
    // Nor in a file: svctui's state, the ssh folder, the hosts' logs, runtime, temporary, sudo and
    // home folders. (Not the box's whole /root or /: it overlays this machine's, this test's source
    // included.)
    const dirs = [ssh!.dir, ...[...boxes.values()].flatMap((b) => ['var/log', 'run', 'tmp', 'var/lib/sudo', 'home/asker', 'home/ops', 'root/.ssh'].map((d) => join(b.root, d)))];
    const r = await execa('grep', ['-rlaF', '-D', 'skip', '--', PASSWORD, ...dirs], { reject: false });
    assert.equal(String(r.stdout).trim(), '', `files holding the password: ${r.stdout}`);
  });

  test("the fleet's UI through a password sudo: asked before the UI, once per host; then a restart on one host acts there only", async () => {
    const { openTerminal, svctuiCommand } = await import('../helpers/tmux.js');
    const term = await openTerminal(svctuiCommand(['--no-config', '-H', 'asker@db[1-2]', '--become', 'fbe-*']), { columns: 130, rows: 34 }, { PATH: ssh!.path, XDG_STATE_HOME: join(ssh!.dir, 'state-ui'), NO_COLOR: '1' });
    try {
      const first = await term.waitForScreen((t) => /\[sudo\] password for asker on db[12]:/.test(t), 'the first host\'s question, before the UI', 30_000);
      const other = /\[sudo\] password for asker on (db[12]):/.exec(first)![1] === 'db1' ? 'db2' : 'db1';
      await term.type(PASSWORD);
      await term.send('Enter');
      await term.waitForScreen((t) => t.includes(`[sudo] password for asker on ${other}:`), `${other}'s question`, 30_000);
      await term.type(PASSWORD);
      await term.send('Enter');
      // (Folded once both hosts' facts are read: a row still reading them is not like one that has.)
      await term.waitForScreen((t) => /2 hosts live/.test(t) && /asker@db\[1-2\] +fbe-run\.service +active \(running\) +- +- /.test(t), 'both hosts live through sudo, folded', 60_000);
      const before = await Promise.all(HOSTS.map(invocation));
      await term.send('g');
      await term.send('z');
      await term.waitForScreen((t) => /asker@db2 +fbe-run\.service +active/.test(t) && /a row per host \(z folds it again\)/.test(t), 'a row per host');
      await term.send('j');
      await term.waitForScreen((t) => /── fbe-run\.service on asker@db2/.test(t), "db2's row selected");
      await term.send('r');
      await term.waitForScreen((t) => t.includes('Restart fbe-run.service on asker@db2? (y = yes'), 'the question names the host');
      await term.send('y');
      await term.waitForScreen((t) => /asker@db2: Restart fbe-run\.service: done/.test(t), 'restarted there, through sudo', 30_000);
      const after = await Promise.all(HOSTS.map(invocation));
      assert.equal(after[0], before[0], 'db1 untouched');
      assert.notEqual(after[1], before[1], 'db2: a new run');
      assert.ok(!(await term.capture()).includes(PASSWORD), 'never on screen');
      for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d)))
        for (const f of ['cmdline', 'environ']) {
          let text: Buffer | undefined;
          try {
            text = readFileSync(`/proc/${pid}/${f}`);
          } catch {
            continue;
          }
          assert.ok(!text.includes(PASSWORD), `the password in /proc/${pid}/${f}`);
        }
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      await term.close();
    }
  });

  test('without --become, ops cannot act; as asker (sudo wants a password) without a terminal --become is refused in words, nothing asked', async () => {
    const denied = await svctui(['-H', 'ops@db1', 'restart', 'fbe-run']);
    assert.notEqual(denied.exitCode, 0);
    const r = await svctui(['-H', 'asker@db1', '-H', 'asker@db2', '--become', 'restart', 'fbe-run']);
    assert.equal(r.exitCode, 1);
    const lines = String(r.stdout).trim().split('\n');
    assert.deepEqual(lines.map((l) => l.split(':')[0]), ['asker@db1', 'asker@db2']);
    for (const l of lines) assert.match(l, /no answer: .*sudo asks for a password there, and svctui uses sudo only without one \(-n\)/);
  });

  test("an inventory's ansible_become and ansible_user do what -H ops@… --become does", async () => {
    const inv = join(ssh!.dir, 'become.ini');
    writeFileSync(inv, '[db]\ndb1 ansible_user=ops ansible_become=yes\ndb2 ansible_user=ops ansible_become=true\n');
    const before = await Promise.all(HOSTS.map(invocation));
    const r = await svctui(['--inventory', inv, 'restart', 'fbe-run']);
    assert.equal(r.exitCode, 0, String(r.stderr) + String(r.stdout));
    assert.deepEqual(String(r.stdout).trim().split('\n'), ['db1: restart fbe-run.service: done', 'db2: restart fbe-run.service: done']);
    const after = await Promise.all(HOSTS.map(invocation));
    HOSTS.forEach((h, i) => assert.notEqual(after[i], before[i], `${h}: a new run`));
  });
});
