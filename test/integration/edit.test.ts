// Editing units like systemctl edit, validated, against a real manager; $EDITOR is a script.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { REPO_ROOT, SVCTUI_BIN, showProps, stateHome, svctui, useSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const EDITOR = `${process.execPath} ${REPO_ROOT}test/helpers/fake-editor.mjs`;
const UNITS = {
  'ed-app.service': '[Unit]\nDescription=Editable app\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'ed-other.service': '[Unit]\nDescription=Another\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'a\\x2db@.service': '[Unit]\nDescription=Template %i\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

describe('svctui edit', () => {
  const sandbox = useSandbox({ units: UNITS });
  const edit = (args: string[], editor: Record<string, string>, input?: string) =>
    svctui(sandbox(), ['edit', ...args], { EDITOR, FAKE_EDITOR_LOG: join(sandbox().root, 'editor.log'), ...editor }, input);
  const dropIn = (unit: string, name = 'override.conf') => join(sandbox().unitDir, `${unit}.d`, name);
  const pendingFiles = () => {
    const dir = join(stateHome(sandbox()), 'svctui', 'edits');
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  };

  test('a valid drop-in is applied, reloaded, and visible in the unit\'s properties', async () => {
    const r = await edit(['ed-app.service'], { FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=GREETING=hello' });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(dropIn('ed-app.service'), 'utf8'), '[Service]\nEnvironment=GREETING=hello\n');
    assert.match(r.stdout, /Wrote .*ed-app\.service\.d\/override\.conf and reloaded the manager\./);
    assert.match(r.stdout, /\+ Environment=GREETING=hello/);
    assert.equal((await showProps(sandbox(), 'ed-app.service', ['Environment'])).Environment, 'GREETING=hello');
    assert.deepEqual(pendingFiles(), []);
    // the editor saw the drop-in between the markers and the unit below as comments
    const log = readFileSync(join(sandbox().root, 'editor.log'), 'utf8');
    assert.match(log, /### Editing .*ed-app\.service\.d\/override\.conf\n### Anything between here/);
    assert.match(log, /# \[Service\]\n# ExecStart=\/bin\/sleep infinity/);
  });

  test('unchanged does nothing', async () => {
    const r = await edit(['ed-app.service'], { FAKE_EDITOR_MODE: 'keep' });
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /No changes to .*override\.conf; nothing to do\./);
  });

  for (const [what, text, finding] of [
    ['Type=bogus', '[Service]\\nType=bogus', /Failed to parse service type, ignoring: bogus/],
    ['ExecStart=relative/path', '[Service]\\nExecStart=\\nExecStart=relative/path', /Neither a valid executable name nor an absolute path: relative\/path/],
    ['an unknown key', '[Service]\\nFrobnicate=yes', /Unknown key 'Frobnicate' in section \[Service\]/],
  ] as const) {
    test(`an invalid drop-in (${what}) is reported, not applied, and its text is kept`, async () => {
      const before = readFileSync(dropIn('ed-app.service'), 'utf8');
      const r = await edit(['ed-app.service'], { FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: text });
      assert.equal(r.exitCode, 1, r.stdout);
      assert.match(r.stdout, /systemd-analyze verify has findings for ed-app\.service with this edit:/);
      assert.match(r.stdout, finding);
      assert.match(r.stdout, /Not applied\. Your text is kept: run the same edit again to resume it\./);
      assert.equal(readFileSync(dropIn('ed-app.service'), 'utf8'), before, 'the drop-in is untouched');
      assert.equal(pendingFiles().length, 1);
      // resuming offers the kept text; discarding it leaves nothing behind
      writeFileSync(join(sandbox().root, 'editor.log'), '');
      const again = await edit(['ed-app.service'], { FAKE_EDITOR_MODE: 'keep' }, 'y\nd\n');
      assert.match(again.stdout, /An edit of .*override\.conf from .* was not applied\. Resume it\? \[y\/n\]/);
      assert.ok(readFileSync(join(sandbox().root, 'editor.log'), 'utf8').includes(text.replace(/\\n/g, '\n')), 'the editor got the kept text');
      assert.match(again.stdout, /Discarded; nothing was changed\./);
      assert.deepEqual(pendingFiles(), []);
    });
  }

  test('apply anyway, and systemd\'s bad-setting is reported at once', async () => {
    const r = await edit(['ed-other.service'], { FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nExecStart=/bin/true' }, 'a\n');
    assert.equal(r.exitCode, 1, r.stdout);
    assert.match(r.stdout, /more than one ExecStart= setting/);
    assert.match(r.stdout, /systemd now reports ed-other\.service as bad-setting/);
    assert.equal((await showProps(sandbox(), 'ed-other.service', ['LoadState'])).LoadState, 'bad-setting');
  });

  test('emptied (after confirmation) removes the drop-in', async () => {
    const r = await edit(['ed-other.service'], { FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '' }, 'y\n');
    assert.equal(r.exitCode, 0, r.stdout);
    assert.match(r.stdout, /The edit is empty: remove the drop-in .*ed-other\.service\.d\/override\.conf\? \[y\/N\]/);
    assert.equal(existsSync(dropIn('ed-other.service')), false);
    assert.equal(existsSync(join(sandbox().unitDir, 'ed-other.service.d')), false, 'the empty folder goes too');
    assert.equal((await showProps(sandbox(), 'ed-other.service', ['LoadState'])).LoadState, 'loaded');
  });

  test('--drop-in NAME and --runtime', async () => {
    const r = await edit(['--runtime', '--drop-in', '50-limits', 'ed-app.service'], { FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nLimitNOFILE=4096' });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const path = join(sandbox().runtimeDir, 'systemd', 'user', 'ed-app.service.d', '50-limits.conf');
    assert.equal(readFileSync(path, 'utf8'), '[Service]\nLimitNOFILE=4096\n');
    assert.equal((await showProps(sandbox(), 'ed-app.service', ['LimitNOFILE'])).LimitNOFILE, '4096');
  });

  test('--full copies the whole unit into the config folder; revert removes copies and drop-ins', async () => {
    // A vendor unit of the machine's (/usr/lib/systemd/user): the copy goes to the sandbox's config folder.
    const unit = 'dirmngr.service';
    const vendorText = readFileSync(`/usr/lib/systemd/user/${unit}`, 'utf8');
    const edited = vendorText.replace(/^Description=.*$/m, 'Description=Edited copy');
    const r = await edit(['--full', unit], { FAKE_EDITOR_MODE: 'full', FAKE_EDITOR_TEXT: edited.replace(/\n/g, '\\n') });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const copy = join(sandbox().unitDir, unit);
    assert.equal(readFileSync(copy, 'utf8'), edited.replace(/\s+$/, '') + '\n');
    assert.equal((await showProps(sandbox(), unit, ['Description'])).Description, 'Edited copy');
    const d = await edit([unit], { FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=X=1' });
    assert.equal(d.exitCode, 0, d.stdout);

    const no = await svctui(sandbox(), ['revert', unit], {}, 'n\n');
    assert.equal(no.exitCode, 1);
    assert.ok(existsSync(copy));
    const yes = await svctui(sandbox(), ['revert', unit], {}, 'y\n');
    assert.equal(yes.exitCode, 0, yes.stdout + yes.stderr);
    const listed = yes.stdout.split('\n').filter((l) => l.startsWith('  /'));
    assert.deepEqual(listed.map((l) => l.trim()).sort(), [copy, join(sandbox().unitDir, `${unit}.d`, 'override.conf')].sort());
    assert.equal(existsSync(copy), false);
    assert.equal(existsSync(join(sandbox().unitDir, `${unit}.d`)), false);
    assert.notEqual((await showProps(sandbox(), unit, ['Description'])).Description, 'Edited copy');
    assert.ok(existsSync(`/usr/lib/systemd/user/${unit}`), 'the vendor unit is untouched');
  });

  test('a unit name that needs escaping: a\\x2db@inst.service', async () => {
    const unit = 'a\\x2db@inst.service';
    const r = await edit([unit], { FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=INST=1' });
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(dropIn(unit), 'utf8'), '[Service]\nEnvironment=INST=1\n');
    assert.equal((await showProps(sandbox(), unit, ['Environment'])).Environment, 'INST=1');
    const cat = await svctui(sandbox(), ['cat', unit]);
    assert.equal(cat.exitCode, 0);
    assert.match(cat.stdout, /^# .*a\\x2db@\.service\n\[Unit\]\nDescription=Template %i\n/);
    assert.match(cat.stdout, /\n# .*a\\x2db@inst\.service\.d\/override\.conf\n\[Service\]\nEnvironment=INST=1\n$/);
  });

  test('refusals: masked units, units without a file, a failing editor keeps the text', async () => {
    assert.equal((await sandbox().systemctl(['mask', 'ed-masked.service'])).exitCode, 0);
    const masked = await edit(['ed-masked.service'], { FAKE_EDITOR_MODE: 'keep' });
    assert.equal(masked.exitCode, 1);
    assert.match(masked.stderr, /Unit ed-masked\.service is masked; it cannot be edited\. "svctui revert ed-masked\.service" unmasks it\./);
    const missing = await edit(['ed-nothing.service'], { FAKE_EDITOR_MODE: 'keep' });
    assert.equal(missing.exitCode, 4);
    assert.equal(missing.stderr, 'svctui: Unit ed-nothing.service could not be found.\n');
    const failing = await edit(['ed-other.service'], { FAKE_EDITOR_MODE: 'fail', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=KEPT=1' });
    assert.equal(failing.exitCode, 1);
    assert.match(failing.stdout, /The editor exited with 1; nothing was applied\. Your text is kept/);
    assert.equal(existsSync(dropIn('ed-other.service')), false);
    assert.equal(pendingFiles().length, 1);
  });

  test('svctui killed after the editor exits: the next start offers to resume', async () => {
    const sb = sandbox();
    // An invalid edit makes svctui wait at its question, after the editor exited; then it is killed.
    const child = spawn(process.execPath, [SVCTUI_BIN, '--user', '--bus-address', sb.busAddress, 'edit', '--drop-in', '60-kill', 'ed-app.service'], {
      env: { ...process.env, NO_COLOR: '1', XDG_STATE_HOME: stateHome(sb), EDITOR, FAKE_EDITOR_MODE: 'dropin', FAKE_EDITOR_TEXT: '[Service]\\nEnvironment=SURVIVED=1\\nBogusKey=1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => child.on('exit', r));
    await waitFor(() => out.includes('[r]e-edit, [a]pply anyway'), 'svctui asking what to do', 20_000);
    child.kill('SIGKILL');
    await exited;
    assert.equal(pendingFiles().length >= 1, true);
    const again = await edit(['ed-app.service', '--drop-in', '60-kill'], { FAKE_EDITOR_MODE: 'keep' }, 'y\na\n');
    assert.match(again.stdout, /was not applied\. Resume it\?/);
    assert.equal(again.exitCode, 0, again.stdout);
    assert.match((await showProps(sb, 'ed-app.service', ['Environment'])).Environment ?? '', /SURVIVED=1/);
  });
});
