// The real binary's contract: usage, exit codes, and errors in words (never a stack trace).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
    assert.equal(version.stdout, `svctui ${pkg.version}\n`);
  });

  test('unknown flags and commands print usage and exit 2', async () => {
    for (const args of [['--bogus'], ['frobnicate'], ['status'], ['list', '--lines', '3'], ['--user', '--system', 'list']]) {
      const r = await svctui(undefined, args);
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^svctui: .+\n\nUsage: svctui/);
      noStackTrace(r.stderr);
    }
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
