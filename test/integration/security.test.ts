// The holes found by probing svctui as a second local user and with careless environments
// (the security issue's ten items), each reproduced against the real sandbox. See SECURITY.md.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { execa } from 'execa';
import { REPO_ROOT, SVCTUI_BIN, stateHome, svctui, useSandbox, waitForState } from '../helpers/sandbox.js';
import { asUser, otherUid, publicSvctui, shAsUser } from '../helpers/otherUser.js';
import { waitFor } from '../helpers/wait.js';

const EDITOR = `${process.execPath} ${REPO_ROOT}test/helpers/fake-editor.mjs`;
const ESC = '\u001b';
const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace');
const noInternalError = (r: { stderr: string; exitCode: number }) => {
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.notEqual(r.exitCode, 70, r.stderr);
  noStackTrace(r.stderr);
};
const mode = (p: string) => statSync(p).mode & 0o7777;

const UNITS = {
  'sec-a.service': "[Unit]\nDescription=Exits 3\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.3; exit 3'\n",
  'sec-b.service': '[Unit]\nDescription=Edited\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'sec-c.service': '[Unit]\nDescription=Edited under a umask of 000\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'sec-esc.service': `[Unit]\nDescription=Title ${ESC}]0;pwned\u0007 and ${ESC}[31mred${ESC}[0m\n\n[Service]\nExecStart=/bin/sleep infinity\n`,
};

describe('security', () => {
  const sandbox = useSandbox({ units: UNITS });
  const attacker = otherUid();
  let work: string;

  before(() => {
    work = join(sandbox().root, 'sec-work');
    mkdirSync(work, { recursive: true, mode: 0o755 });
    chmodSync(sandbox().root, 0o755); // so the attacker can reach its own folder below
  });

  test('1. preview and a declined attach never touch the attached handler', async () => {
    const sb = sandbox();
    const attach = await svctui(sb, ['handler', 'attach', 'sec-a.service', '--template', 'log', '--yes']);
    assert.equal(attach.exitCode, 0, attach.stdout + attach.stderr);
    const script = join(sb.configHome, 'svctui', 'handlers', 'sec-a.service--log.sh');
    const before = { text: readFileSync(script, 'utf8'), ino: statSync(script).ino, mtime: statSync(script).mtimeMs };
    // Same name and template, another condition: the preview's script differs from the attached one.
    const preview = await svctui(sb, ['handler', 'preview', 'sec-a.service', '--template', 'log', '--when', 'failure']);
    assert.equal(preview.exitCode, 0, preview.stdout + preview.stderr);
    assert.match(preview.stdout, /clean exit +success\/exited\/0 +no/, 'the preview simulated its own version');
    const declined = await svctui(sb, ['handler', 'attach', 'sec-a.service', '--template', 'log', '--when', 'failure'], {}, 'n\n');
    assert.equal(declined.exitCode, 1);
    const now = { text: readFileSync(script, 'utf8'), ino: statSync(script).ino, mtime: statSync(script).mtimeMs };
    assert.deepEqual(now, before, 'the attached script is the same file, unchanged');
    // It still runs at the next stop.
    assert.equal((await sb.systemctl(['start', 'sec-a.service'])).exitCode, 0);
    await waitForState(sb, 'sec-a.service', { ActiveState: 'failed' });
    await waitFor(async () => {
      const j = await sb.inside(['journalctl', '-q', '--no-pager', '-o', 'cat', 'SYSLOG_IDENTIFIER=sec-a.service--log.sh']);
      return j.stdout.includes('svctui-handler log: acting (SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3)');
    }, 'the attached handler to run');
    const missing = await sb.inside(['journalctl', '-q', '--no-pager', '-o', 'cat', '-g', 'missing, skipping']);
    assert.equal(missing.stdout.trim(), '', 'no "Executable missing" from systemd');
    assert.deepEqual(readdirSync('/tmp').filter((f) => f.startsWith('svctui-preview-') || f.startsWith('svctui-sim-')), [], 'the preview cleaned up');
  });

  test('2. with HOME and XDG_STATE_HOME unset, state goes to the home in the password database, never /tmp; planted files are ignored', async () => {
    const sb = sandbox();
    const unit = 'sec-b.service';
    const fakeHome = join(work, 'roothome');
    mkdirSync(fakeHome, { mode: 0o700 });
    // root's home, as the password database says, is fakeHome (in a private mount namespace).
    const passwd = join(work, 'passwd');
    writeFileSync(passwd, readFileSync('/etc/passwd', 'utf8').replace(/^root:([^:]*):0:0:([^:]*):[^:]*:/m, `root:$1:0:0:$2:${fakeHome}:`));
    const victim = join(work, 'victim');
    writeFileSync(victim, 'secret\n', { mode: 0o600 });
    const manager = `user:${sb.busAddress}`;
    const target = join(sb.unitDir, `${unit}.d`, 'override.conf');
    const key = createHash('sha256').update(`${manager}\n${target}`).digest('hex').slice(0, 24);
    const planted = '/tmp/.local/state/svctui/edits';
    const pwned = join(work, 'pwned');
    rmSync('/tmp/.local', { recursive: true, force: true });
    try {
      // The attacker creates the folder svctui used to fall back to, with a symlink at the edit
      // buffer's predictable name and a pending edit that would run a command as root.
      await shAsUser(
        attacker,
        `mkdir -p ${planted}/buffers; chmod -R 777 /tmp/.local; ln -s ${victim} ${planted}/buffers/${key}-override.conf
         printf '%s' '${JSON.stringify({ manager, unit, target, kind: 'drop-in', text: `[Service]\nExecStartPre=/bin/touch ${pwned}\n`, savedAt: '2026-01-01T00:00:00Z' })}' > ${planted}/${key}.json`,
      );
      const r = await execa(
        'unshare',
        ['--mount', '--propagation', 'private', '--', 'sh', '-c', `mount --bind ${passwd} /etc/passwd && exec "$@"`, 'sh',
          'env', '-i', 'PATH=/usr/bin:/bin', 'NO_COLOR=1', `EDITOR=${EDITOR}`, 'FAKE_EDITOR_MODE=dropin', 'FAKE_EDITOR_TEXT=[Service]\\nEnvironment=FROM_THE_EDITOR=1',
          process.execPath, SVCTUI_BIN, '--user', '--bus-address', sb.busAddress, 'edit', unit],
        { reject: false, stdin: 'ignore', timeout: 60_000 },
      );
      assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
      assert.doesNotMatch(String(r.stdout), /Resume it/, 'the planted edit was not offered');
      assert.equal(readFileSync(victim, 'utf8'), 'secret\n', 'the file behind the symlink is untouched');
      assert.equal(readFileSync(target, 'utf8'), '[Service]\nEnvironment=FROM_THE_EDITOR=1\n');
      assert.equal(existsSync(pwned), false);
      const state = join(fakeHome, '.local', 'state', 'svctui');
      assert.equal(statSync(state).isDirectory(), true, 'state went to the home in the password database');
      assert.equal(mode(state), 0o700);
      assert.equal(statSync(state).uid, 0);
    } finally {
      rmSync('/tmp/.local', { recursive: true, force: true });
    }
    // A state folder another user owns is refused, in words; the edit then has nowhere to keep text.
    const theirs = join(work, 'their-state');
    mkdirSync(join(theirs, 'svctui'), { recursive: true, mode: 0o700 });
    chownSync(join(theirs, 'svctui'), attacker, attacker);
    const refused = await svctui(sb, ['edit', unit], { XDG_STATE_HOME: theirs, EDITOR, FAKE_EDITOR_MODE: 'keep' });
    assert.equal(refused.exitCode, 1);
    assert.match(refused.stderr, /does not use its state folder .*their-state\/svctui: .*their-state\/svctui belongs to uid \d+, who could change it; it must belong to root/);
    const list = await svctui(sb, ['list', '--all', '--files', unit], { XDG_STATE_HOME: theirs });
    assert.equal(list.exitCode, 0);
    assert.match(list.stderr, /does not use its state folder/);
  });

  test('3. --exec is judged by the file it resolves to: a folder another user owns is refused, and links are not kept', async () => {
    const sb = sandbox();
    // The attacker's folder (think: their home) holds a root-owned script, reached through a
    // root-owned symlink in a root folder.
    const theirs = join(work, 'attacker-bin');
    mkdirSync(theirs, { mode: 0o755 });
    chownSync(theirs, attacker, attacker);
    writeFileSync(join(theirs, 'h.sh'), '#!/bin/sh\n# SVCTUI_DRY_RUN\nexit 0\n', { mode: 0o755 });
    const link = join(work, 'handler-link');
    symlinkSync(join(theirs, 'h.sh'), link);
    const r = await svctui(sb, ['handler', 'attach', 'sec-a.service', '--exec', link, '--name', 'viaLink', '--yes']);
    assert.equal(r.exitCode, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`refusing to run .*handler-link as sec-a\\.service's handler: ${theirs.replace(/[.]/g, '\\.')} belongs to uid ${attacker}, who could change what is in it`));
    assert.equal(existsSync(join(sb.unitDir, 'sec-a.service.d', '50-svctui-handler-viaLink.conf')), false, 'nothing attached');
    // A symlink to a safe file is attached by its real path: re-pointing the link later changes nothing.
    const good = join(work, 'good.sh');
    writeFileSync(good, '#!/bin/sh\n# SVCTUI_DRY_RUN\necho good\n', { mode: 0o755 });
    const goodLink = join(work, 'good-link');
    symlinkSync(good, goodLink);
    const ok = await svctui(sb, ['handler', 'attach', 'sec-a.service', '--exec', goodLink, '--name', 'resolved', '--yes']);
    assert.equal(ok.exitCode, 0, ok.stdout + ok.stderr);
    const dropIn = readFileSync(join(sb.unitDir, 'sec-a.service.d', '50-svctui-handler-resolved.conf'), 'utf8');
    assert.match(dropIn, new RegExp(`^ExecStopPost=-"${good.replace(/[.]/g, '\\.')}" %n$`, 'm'));
    // Debian's /bin is a symlink to usr/bin: /bin/true is judged (and attached) as /usr/bin/true.
    const bin = await svctui(sb, ['handler', 'attach', 'sec-a.service', '--exec', '/bin/true', '--name', 'bintrue', '--yes']);
    assert.equal(bin.exitCode, 0, bin.stdout + bin.stderr);
    assert.match(readFileSync(join(sb.unitDir, 'sec-a.service.d', '50-svctui-handler-bintrue.conf'), 'utf8'), /^ExecStopPost=-"\/usr\/bin\/true" %n$/m);
    for (const name of ['resolved', 'bintrue']) assert.equal((await svctui(sb, ['handler', 'detach', 'sec-a.service', name, '--yes'])).exitCode, 0);
  });

  test('4. control sequences from units and the journal are shown escaped, never sent to the terminal', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'sec-esc.service'])).exitCode, 0);
    await waitForState(sb, 'sec-esc.service', { SubState: 'running' });
    // A message in the unit's journal with a window title, a clear-screen and a colour.
    const msg = `MESSAGE=${ESC}]0;pwned\u0007${ESC}[2J${ESC}[31mred\nUSER_UNIT=sec-esc.service\n`;
    const logged = await sb.inside(['sh', '-c', `printf '%s' "$1" | logger --journald`, 'sh', msg]);
    assert.equal(logged.exitCode, 0, logged.stderr);
    const status = await waitFor(async () => {
      const r = await svctui(sb, ['status', 'sec-esc.service']);
      return r.stdout.includes('blob data') ? r : undefined;
    }, 'the message in the status journal tail');
    assert.equal(status.stdout.includes(ESC), false, 'no escape character reaches the terminal');
    assert.equal(status.stdout.includes('\u0007'), false);
    assert.match(status.stdout, /^● sec-esc\.service - Title \\e\]0;pwned\\x07 and \\e\[31mred\\e\[0m$/m);
    // journalctl shows the same message the same way (colours dropped, the rest is a blob).
    const jc = await sb.inside(['journalctl', '--no-pager', '-q', 'USER_UNIT=sec-esc.service', '-g', '.', '-n', '50']);
    const blob = /: (\[\d+B blob data\])$/m.exec(jc.stdout)?.[1];
    assert.equal(blob, '[7B blob data]');
    assert.match(status.stdout, new RegExp(`: \\[7B blob data\\]$`, 'm'));
    const list = await svctui(sb, ['list', '--all', '--files', 'sec-esc.service']);
    assert.equal(list.stdout.includes(ESC), false);
    assert.match(list.stdout, /Title \\e\]0;pwned\\x07 and \\e\[31mred\\e\[0m/);
    const json = await svctui(sb, ['list', '--all', '--files', '--json', 'sec-esc.service']);
    assert.equal(json.stdout.includes(ESC), false, 'JSON escapes it as \\u001b');
    assert.equal((JSON.parse(json.stdout) as { description: string }[])[0]?.description, `Title ${ESC}]0;pwned\u0007 and ${ESC}[31mred${ESC}[0m`);
    await sb.systemctl(['stop', 'sec-esc.service']);
  });

  test('5. under umask 000, edit and attach create their folders 0755 and files 0644/0755, and attach works', async () => {
    const sb = sandbox();
    rmSync(join(sb.configHome, 'svctui'), { recursive: true, force: true });
    const run = (args: string[], env: Record<string, string> = {}, input?: string) =>
      execa('sh', ['-c', 'umask 000; exec "$@"', 'sh', process.execPath, SVCTUI_BIN, '--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, ...args], {
        reject: false,
        env: { NO_COLOR: '1', XDG_STATE_HOME: join(work, 'umask-state'), ...env },
        ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
      });
    const e = await run(['edit', 'sec-c.service'], { EDITOR, FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=U=0' });
    assert.equal(e.exitCode, 0, `${e.stdout}${e.stderr}`);
    assert.equal(mode(join(sb.unitDir, 'sec-c.service.d')), 0o755);
    assert.equal(mode(join(sb.unitDir, 'sec-c.service.d', 'override.conf')), 0o644);
    assert.equal(mode(join(work, 'umask-state', 'svctui')), 0o700);
    const a = await run(['handler', 'attach', 'sec-c.service', '--template', 'log', '--yes']);
    assert.equal(a.exitCode, 0, `${a.stdout}${a.stderr}`);
    assert.equal(mode(join(sb.configHome, 'svctui')), 0o755);
    assert.equal(mode(join(sb.configHome, 'svctui', 'handlers')), 0o755);
    assert.equal(mode(join(sb.configHome, 'svctui', 'handlers', 'sec-c.service--log.sh')), 0o755);
    assert.equal(mode(join(sb.unitDir, 'sec-c.service.d', '50-svctui-handler-log.conf')), 0o644);
    assert.equal((await svctui(sb, ['handler', 'detach', 'sec-c.service', 'log', '--yes'])).exitCode, 0);
  });

  test('6. detach takes only a handler name that handler list shows, never a path', async () => {
    const sb = sandbox();
    const name = '../../../victim/x';
    const reached = join(sb.unitDir, 'sec-a.service.d', `50-svctui-handler-${name}.conf`);
    mkdirSync(join(reached, '..'), { recursive: true });
    writeFileSync(reached, '[Service]\nExecStopPost=/bin/true\n');
    const r = await svctui(sb, ['handler', 'detach', 'sec-a.service', name]);
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /sec-a\.service has no svctui handler named "\.\.\/\.\.\/\.\.\/victim\/x" \(its svctui handlers: log\); svctui handler list sec-a\.service shows them/);
    assert.equal(readFileSync(reached, 'utf8'), '[Service]\nExecStopPost=/bin/true\n', 'the file the path led to is still there');
  });

  describe('7. the run store tells a busy database and a full disk from a damaged one', () => {
    test('busy: another process holds it locked; the store is not replaced, svctui goes on', async () => {
      const sb = sandbox();
      const state = join(work, 'busy-state');
      const first = await svctui(sb, ['list', '--all', '--files', 'sec-a.service'], { XDG_STATE_HOME: state });
      assert.equal(first.exitCode, 0, first.stderr);
      const db = join(state, 'svctui', 'history.sqlite');
      assert.ok(existsSync(db));
      const holder = spawn(process.execPath, ['-e', `
        const { DatabaseSync } = require('node:sqlite');
        const db = new DatabaseSync(${JSON.stringify(db)});
        db.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO runs (manager, unit, invocation_id, updated_at) VALUES ('x', 'held.service', 'h', 0)");
        process.stdout.write('locked\\n');
        setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
        const r = await svctui(sb, ['list', '--all', '--files', 'sec-a.service'], { XDG_STATE_HOME: state });
        assert.equal(r.exitCode, 0, r.stderr);
        assert.match(r.stderr, /run history store .*history\.sqlite is busy \(another process holds it locked\)/);
        assert.deepEqual(readdirSync(join(state, 'svctui')).filter((f) => f.includes('broken')), [], 'nothing moved aside');
      } finally {
        holder.kill('SIGKILL');
      }
      const after = await svctui(sb, ['list', '--all', '--files', 'sec-a.service'], { XDG_STATE_HOME: state });
      assert.doesNotMatch(after.stderr, /history store/, 'the same store works again');
    });

    test('full disk: runs are not stored this time, said once; the store is kept', async () => {
      const sb = sandbox();
      const state = join(work, 'full-state');
      mkdirSync(state, { mode: 0o700 });
      const cmd = (args: string) => `${process.execPath} ${SVCTUI_BIN} --user --bus-address ${sb.busAddress} --journal-dir ${sb.journalDir} ${args}`;
      const script = `
        mount -t tmpfs -o size=512k,mode=700 svctui-full ${state}
        ${cmd('list sec-a.service')} >/dev/null 2>&1
        dd if=/dev/zero of=${state}/filler bs=4k 2>/dev/null || true
        ${cmd('list sec-a.service')} > ${work}/full.out 2> ${work}/full.err; echo $? > ${work}/full.rc
        ls ${state}/svctui > ${work}/full.ls`;
      const r = await execa('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', script], { reject: false, env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: state } });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(readFileSync(join(work, 'full.rc'), 'utf8').trim(), '0', readFileSync(join(work, 'full.err'), 'utf8'));
      const err = readFileSync(join(work, 'full.err'), 'utf8');
      assert.match(err, /run history store .*history\.sqlite (cannot be written|could not write)/);
      assert.equal(err.match(/history store/g)?.length, 1, 'said once');
      const files = readFileSync(join(work, 'full.ls'), 'utf8');
      assert.match(files, /^history\.sqlite$/m);
      assert.doesNotMatch(files, /broken/, 'a healthy store is never moved aside');
      assert.match(readFileSync(join(work, 'full.out'), 'utf8'), /sec-a\.service/);
    });
  });

  test('8. svctui killed while the editor is open: the editor ends with it, and the saved text is offered next time', async () => {
    const sb = sandbox();
    const state = join(work, 'edit-state');
    const pidFile = join(work, 'editor.pid');
    const child = spawn(process.execPath, [SVCTUI_BIN, '--user', '--bus-address', sb.busAddress, 'edit', '--drop-in', '70-typed', 'sec-b.service'], {
      env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: state, EDITOR, FAKE_EDITOR_MODE: 'save-and-wait', FAKE_EDITOR_PID: pidFile, FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=TYPED=1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise((r) => child.on('exit', r));
    const editorPid = Number(await waitFor(() => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : undefined), 'the editor to save and wait'));
    child.kill('SIGKILL');
    await exited;
    await waitFor(() => {
      try {
        process.kill(editorPid, 0);
        return false;
      } catch {
        return true;
      }
    }, 'the editor to end with svctui', 5_000);
    const again = await svctui(sb, ['edit', '--drop-in', '70-typed', 'sec-b.service'], { XDG_STATE_HOME: state, EDITOR, FAKE_EDITOR_MODE: 'keep' }, 'y\n');
    assert.match(again.stdout, /An edit of .*70-typed\.conf from .* was interrupted \(svctui ended while the editor was open\)\. Resume it\? \[y\/n\]/);
    assert.equal(again.exitCode, 0, again.stdout + again.stderr);
    assert.equal(readFileSync(join(sb.unitDir, 'sec-b.service.d', '70-typed.conf'), 'utf8'), '[Service]\nEnvironment=TYPED=1\n');
    // Without a terminal to answer, a kept edit is never resumed by default.
    const child2 = spawn(process.execPath, [SVCTUI_BIN, '--user', '--bus-address', sb.busAddress, 'edit', '--drop-in', '71-typed', 'sec-b.service'], {
      env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: state, EDITOR, FAKE_EDITOR_MODE: 'save-and-wait', FAKE_EDITOR_PID: pidFile, FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=LATER=1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    rmSync(pidFile);
    const exited2 = new Promise((r) => child2.on('exit', r));
    await waitFor(() => existsSync(pidFile), 'the second editor');
    child2.kill('SIGTERM');
    await exited2;
    const piped = await svctui(sb, ['edit', '--drop-in', '71-typed', 'sec-b.service'], { XDG_STATE_HOME: state, EDITOR, FAKE_EDITOR_MODE: 'keep' });
    assert.equal(piped.exitCode, 1);
    assert.match(piped.stdout, /Nothing was changed\. The kept edit of .*71-typed\.conf is still there/);
    assert.equal(existsSync(join(sb.unitDir, 'sec-b.service.d', '71-typed.conf')), false);
  });

  test('9. the json template appends only where no other user can plant a file', async () => {
    const sb = sandbox();
    const attachJson = (file: string) => svctui(sb, ['handler', 'attach', 'sec-a.service', '--template', 'json', '--file', file, '--name', 'records', '--yes']);
    const inTmp = await attachJson(`/tmp/svctui-records-${process.pid}.jsonl`);
    assert.equal(inTmp.exitCode, 1);
    assert.match(inTmp.stderr, /refusing to append sec-a\.service's records to \/tmp\/svctui-records-\d+\.jsonl: .*does not exist yet and could be created first by another user in \/tmp, which anyone can write to \(mode 1777\)/);
    const theirs = join(work, 'attacker-logs');
    mkdirSync(theirs, { mode: 0o755 });
    chownSync(theirs, attacker, attacker);
    const inTheirs = await attachJson(join(theirs, 'r.jsonl'));
    assert.equal(inTheirs.exitCode, 1);
    assert.match(inTheirs.stderr, new RegExp(`${theirs} belongs to uid ${attacker}`));
    assert.equal(existsSync(join(sb.unitDir, 'sec-a.service.d', '50-svctui-handler-records.conf')), false);
    const fine = await attachJson(join(work, 'records.jsonl'));
    assert.equal(fine.exitCode, 0, fine.stdout + fine.stderr);
    assert.equal((await svctui(sb, ['handler', 'detach', 'sec-a.service', 'records', '--yes'])).exitCode, 0);
  });

  describe('10. bad input and broken pipes are said in words (exit 1 or 2), never a stack trace', () => {
    test('output into a reader that stops early ends quietly', async () => {
      const sb = sandbox();
      const units = Array.from({ length: 12 }, () => 'sec-a.service sec-b.service').join(' ');
      for (const args of [`status ${units}`, 'handler preview sec-a.service --template log']) {
        const r = await execa('bash', ['-c', `set -o pipefail; ${process.execPath} ${SVCTUI_BIN} --user --bus-address ${sb.busAddress} --journal-dir ${sb.journalDir} ${args} 2>${work}/pipe.err | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
          reject: false,
          env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateHome(sb) },
        });
        const err = readFileSync(join(work, 'pipe.err'), 'utf8');
        assert.equal(err, '', `${args}: nothing on stderr`);
        assert.match(String(r.stdout).trim(), /^(0|3|141)$/, `${args}: exit ${String(r.stdout)}`);
      }
    });

    test('patterns, names, addresses and numbers out of range', async () => {
      const sb = sandbox();
      const glob = await svctui(sb, ['list', '[z-a]*']);
      assert.equal(glob.exitCode, 2);
      assert.match(glob.stderr, /^svctui: "\[z-a\]\*" is not a valid pattern: the range z-a is out of order \(write a-z\)/);
      const long = `${'x'.repeat(247)}.service`;
      for (const args of [['status', long], ['history', long], ['edit', long], ['cat', long], ['revert', long], ['handler', 'attach', long, '--yes'], ['handler', 'list', long]]) {
        const r = await svctui(sb, args, { EDITOR, FAKE_EDITOR_MODE: 'keep' });
        noInternalError(r);
        assert.ok([0, 1, 3, 4].includes(r.exitCode), `${args[0]}: exit ${r.exitCode} ${r.stderr}`);
      }
      const dropIn = await svctui(sb, ['edit', 'sec-b.service', '--drop-in', 'y'.repeat(255)]);
      assert.equal(dropIn.exitCode, 2);
      assert.match(dropIn.stderr, /--drop-in takes a file name such as 50-limits \(at most 128/);
      const garbage = await svctui(undefined, ['--bus-address', 'garbage', 'list']);
      assert.equal(garbage.exitCode, 2);
      assert.match(garbage.stderr, /^svctui: --bus-address "garbage": it is not a D-Bus address \(e\.g\. unix:path=/);
      assert.doesNotMatch(garbage.stderr, /Cannot read properties/);
      for (const t of ['999999999999', '0', '-1', 'soon']) {
        const r = await svctui(sb, [`--timeout=${t}`, 'list']);
        assert.equal(r.exitCode, 2, t);
        assert.match(r.stderr, new RegExp(`^svctui: --timeout takes a number of seconds from 0\\.001 to 3600, not "${t}"`));
        assert.doesNotMatch(r.stderr, /TimeoutOverflowWarning/);
      }
      const lines = await svctui(sb, ['status', 'sec-a.service', '-n', '2.5']);
      assert.equal(lines.exitCode, 2);
    });

    test('edit on a full disk, or with a state folder that cannot be one: a message and exit 1', async () => {
      const sb = sandbox();
      const notDir = await svctui(sb, ['edit', 'sec-b.service'], { XDG_STATE_HOME: '/etc/passwd/state', EDITOR, FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=N=1' });
      assert.equal(notDir.exitCode, 1, notDir.stdout + notDir.stderr);
      assert.match(notDir.stderr, /svctui has no state folder it can trust|does not use its state folder/);
      noInternalError(notDir);
      const state = join(work, 'full-edit-state');
      mkdirSync(state, { mode: 0o700 });
      const script = `
        mount -t tmpfs -o size=256k,mode=700 svctui-full ${state}
        dd if=/dev/zero of=${state}/filler bs=4k 2>/dev/null || true
        exec ${process.execPath} ${SVCTUI_BIN} --user --bus-address ${sb.busAddress} edit sec-b.service`;
      const r = await execa('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', script], {
        reject: false,
        stdin: 'ignore',
        env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: state, EDITOR, FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=N=1' },
      });
      assert.equal(r.exitCode, 1, `${r.stdout}${r.stderr}`);
      assert.match(String(r.stderr), /no space left on the device/);
      noInternalError({ stderr: String(r.stderr), exitCode: r.exitCode ?? -1 });
    });

    test('a user the bus does not accept is told so, in words', async () => {
      const sb = sandbox();
      const { node, bin } = publicSvctui();
      const runtime = sb.runtimeDir;
      const before = mode(runtime);
      chmodSync(runtime, 0o711);
      try {
        const r = await asUser(attacker, [node, bin, '--user', '--bus-address', sb.busAddress, 'list']);
        assert.equal(r.exitCode, 1);
        assert.match(r.stderr, new RegExp(`the bus does not accept this user \\(uid ${attacker}\\) and closed the connection; a user bus accepts only its owner`));
        assert.doesNotMatch(r.stderr, /EPIPE/);
      } finally {
        chmodSync(runtime, before);
      }
      const closed = await asUser(attacker, [node, bin, '--user', '--bus-address', sb.busAddress, 'list']);
      assert.equal(closed.exitCode, 1);
      assert.match(closed.stderr, /permission denied \(this user, uid \d+, may not open that socket\)/);
    });
  });
});

