// The real binary's contract: usage, exit codes, and errors in words (never a stack trace).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { svctui, useSandbox, REPO_ROOT } from '../helpers/sandbox.js';

const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at .*\(.*:\d+:\d+\)$/m, 'no stack trace');

describe('svctui command line', () => {
  test('--help and --version', async () => {
    const help = await svctui(undefined, ['--help']);
    assert.equal(help.exitCode, 0);
    assert.match(help.stdout, /^Usage: svctui \[OPTIONS\] \[PATTERN\.\.\.\] +the interactive UI/);
    assert.match(help.stdout, /list \[PATTERN\.\.\.\]/);
    const version = await svctui(undefined, ['--version']);
    assert.equal(version.exitCode, 0);
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string };
    // The version, the commit it was built from, and the Node it runs on.
    assert.match(version.stdout, new RegExp(`^svctui ${pkg.version.replace(/\./g, '\\.')} \\([0-9a-f]{12}\\), Node v\\d+\\.\\d+\\.\\d+\\n$`));
  });

  test('bin/svctui run as a program (as npx runs it): its first line gives node its flags, and it starts', async () => {
    const { execa } = await import('execa');
    const r = await execa(join(REPO_ROOT, 'bin/svctui'), ['--version'], { reject: false, env: { PATH: `${join(REPO_ROOT, 'node_modules/.bin')}:${process.env.PATH}` } });
    assert.equal(r.exitCode, 0, String(r.stderr));
    assert.match(String(r.stdout), /^svctui \d+\.\d+\.\d+ /);
    assert.match(readFileSync(join(REPO_ROOT, 'bin/svctui'), 'utf8').split('\n')[0]!, /^#!\/usr\/bin\/env -S node --max-semi-space-size=\d+$/);
  });

  test('a usage error is one line and a pointer to --help, exit 2', async () => {
    const cases: [string[], string][] = [
      [['--bogus'], "Unknown option '--bogus'."],
      [['status'], 'status needs at least one unit name, e.g. svctui status --user demo.service'],
      [['list', '--lines', '3'], '--lines applies to status, journal, not to list'],
      [['edit', 'a', '--json'], '--json applies to list, list-unit-files, history, timers, sockets, handler, not to edit'],
      [['--user', '--system', 'list'], '--system and --user exclude each other'],
      [['--timeout', '0', 'list'], '--timeout takes a number of seconds from 0.001 to 3600, not "0"'],
      [['-n'], 'option -n (--lines) needs a value'],
      [['cat', 'a', 'b'], 'cat needs exactly one unit name'],
    ];
    for (const [args, words] of cases) {
      const r = await svctui(undefined, args);
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr, `svctui: ${words}\nSee svctui --help.\n`);
      noStackTrace(r.stderr);
    }
  });

  test('a pattern too long or too costly: said in words with its start only, exit 1, before connecting', async () => {
    const long = 'a'.repeat(50_000);
    const r = await svctui(undefined, ['list', long]);
    assert.equal(r.exitCode, 1);
    assert.equal(r.stderr, `svctui: "${'a'.repeat(40)}… (50000 characters)" cannot be a unit name or pattern: it has 50000 characters; a unit name has at most 255, a pattern at most 512.\n`);
    const stars = await svctui(undefined, ['stop', `${'a*'.repeat(30)}b`]);
    assert.equal(stars.exitCode, 1);
    assert.match(stars.stderr, /^svctui: "a\*a\*.*" cannot be a unit name or pattern: it has 30 '\*'; at most 16 are taken/);
    noStackTrace(stars.stderr);
  });

  test('a mistyped command: did you mean, exit 1 (as systemctl exits for an unknown verb)', async () => {
    const r = await svctui(undefined, ['stauts']);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.equal(r.stderr, 'svctui: unknown command "stauts" (did you mean status? To show the unit, write stauts.service)\nSee svctui --help.\n');
  });

  test('a unit name on the command line opens the interactive UI on it (here: no terminal, said so)', async () => {
    for (const args of [['--user', 'nginx.service'], ['nginx'], ['ssh*', 'cron']]) {
      const r = await svctui(undefined, args);
      assert.equal(r.exitCode, 1, args.join(' '));
      assert.equal(r.stderr, 'svctui: the interactive UI needs a terminal. In scripts and pipes, use "svctui list" or "svctui status UNIT".\n');
    }
  });

  test('--help is made from the command table: every command and option once', async () => {
    const help = (await svctui(undefined, ['--help'])).stdout;
    for (const c of ['list [PATTERN...]', 'status UNIT...', 'history UNIT...', 'edit UNIT', 'revert UNIT', 'cat UNIT', 'handler list UNIT', 'handler detach UNIT NAME']) assert.match(help, new RegExp(`^  ${c.replace(/[.[\]]/g, '\\$&')}( |\n)`, 'm'));
    for (const o of ['-H, --host [USER@]HOST[:PORT]', '--stdin', '--no-ask-password', '-n, --lines N']) assert.ok(help.includes(o), o);
    assert.match(help, /^Exit status: 0 done, 1 failed, 2 usage error, 3 a unit is not active \(status\), 4 no such unit,$/m);
  });

  test('no bus at the address: the address and what to try, exit 1', async () => {
    const r = await svctui(undefined, ['--bus-address', 'unix:path=/nonexistent/bus', 'list']);
    assert.equal(r.exitCode, 1);
    assert.equal(
      r.stderr,
      'svctui: cannot connect to the system bus (unix:path=/nonexistent/bus): no such socket. Is systemd running as PID 1 here? Try --user for your user manager, or --demo for a private sandbox.\n',
    );
    const user = await svctui(undefined, ['--user', 'list'], { XDG_RUNTIME_DIR: '/nonexistent-runtime', DBUS_SESSION_BUS_ADDRESS: '' });
    assert.equal(user.exitCode, 1);
    assert.match(user.stderr, /cannot connect to the user bus \(unix:path=\/nonexistent-runtime\/bus\): no such socket\. Is a user manager running/);
  });

  describe('against a sandbox', () => {
    const sandbox = useSandbox({ units: { 'c-sleep.service': '[Service]\nExecStart=/bin/sleep infinity\n' } });

    test('an invalid unit name is rejected in words', async () => {
      const r = await svctui(sandbox(), ['status', 'bad/name.service']);
      assert.equal(r.exitCode, 1);
      assert.equal(r.stderr, 'svctui: Invalid unit name "bad/name.service": a unit name may only contain letters, digits and the characters : - _ . \\ @.\n');
    });

    test('a name without a suffix means .service, like systemctl', async () => {
      const r = await svctui(sandbox(), ['status', 'c-sleep']);
      assert.equal(r.exitCode, 3);
      assert.match(r.stdout, /^○ c-sleep\.service\n/);
    });

    test('a unit that does not exist is exit 4 for every command that takes one, and nothing is written', async () => {
      const sb = sandbox();
      for (const args of [['status', 'c-nope'], ['history', 'c-nope'], ['edit', 'c-nope'], ['revert', 'c-nope'], ['cat', 'c-nope'], ['handler', 'list', 'c-nope'], ['handler', 'attach', 'c-nope', '--yes']]) {
        const r = await svctui(sb, args, { SYSTEMD_EDITOR: '/bin/true' }, '');
        assert.equal(r.exitCode, 4, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.equal(r.stderr, 'Unit c-nope.service could not be found.\n'.replace(/^/, args[0] === 'status' || args[0] === 'history' ? '' : 'svctui: '), args.join(' '));
      }
      assert.equal(existsSync(join(sb.unitDir, 'c-nope.service.d')), false, 'no drop-in folder');
      assert.equal(existsSync(join(sb.configHome, 'svctui', 'handlers')), false, 'no script');
    });

    test('edit --stdin takes the text whole, and an editor that drops the markers is taken whole too (like systemctl)', async () => {
      const sb = sandbox();
      const dropIn = join(sb.unitDir, 'c-sleep.service.d', 'override.conf');
      const r = await svctui(sb, ['edit', '--stdin', 'c-sleep'], {}, '[Service]\nEnvironment=FROM=stdin\n');
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      assert.equal(readFileSync(dropIn, 'utf8'), '[Service]\nEnvironment=FROM=stdin\n');
      // SYSTEMD_EDITOR=tee-like: the editor writes the file without the markers.
      const script = join(sb.root, 'write-plain.sh');
      writeFileSync(script, '#!/bin/sh\nprintf \'[Service]\\nEnvironment=FROM=editor\\n\' > "$1"\n', { mode: 0o755 });
      const e = await svctui(sb, ['edit', 'c-sleep'], { SYSTEMD_EDITOR: script }, '');
      assert.equal(e.exitCode, 0, e.stdout + e.stderr);
      assert.equal(readFileSync(dropIn, 'utf8'), '[Service]\nEnvironment=FROM=editor\n');
      assert.match((await sb.systemctl(['show', '-p', 'Environment', 'c-sleep.service'])).stdout, /FROM=editor/);
    });

    test('a call that does not answer becomes an error naming the call', async () => {
      const sb = sandbox();
      process.kill(sb.managerPid, 'SIGSTOP');
      try {
        const r = await svctui(sb, ['--timeout', '0.5', 'status', 'c-sleep.service']);
        assert.equal(r.exitCode, 1);
        assert.match(r.stderr, /^svctui: .*(Get|GetAll)\(.*\) did not answer within 500 ms \(unix:path=.*\/bus\)/);
        noStackTrace(r.stderr);
      } finally {
        process.kill(sb.managerPid, 'SIGCONT');
      }
    });
  });
});

test('the interactive UI refuses to start without a terminal and says what to use', async () => {
  const r = await svctui(undefined, []);
  assert.equal(r.exitCode, 1);
  assert.equal(r.stderr, 'svctui: the interactive UI needs a terminal. In scripts and pipes, use "svctui list" or "svctui status UNIT".\n');
});
