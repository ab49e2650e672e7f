// The single executable (npm run package) where no Node is: copied into a system box, run with a
// PATH that has systemd's tools and a shell but no node. --version, list, status, and the TUI in
// tmux (the first frame, a stop with the keyboard, quit) all work.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { arch } from 'node:os';
import { before, describe, test } from 'node:test';
import { useSystemBox } from '../helpers/systemBox.js';
import { REPO_ROOT } from '../helpers/sandbox.js';
import { openTerminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'sea-run.service': '[Unit]\nDescription=Runs until stopped\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'sea-exit3.service': "[Unit]\nDescription=Exits 3\n\n[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
};
const BIN = '/tmp/sea/svctui';
/** A PATH with what svctui runs on a server (systemd's tools, a shell) and no node. */
const PATH = '/tmp/sea/bin';
const TOOLS = ['sh', 'journalctl', 'systemctl', 'systemd-analyze', 'systemd-stdio-bridge', 'cat', 'id'];

describe('svctui as one executable, where there is no Node', () => {
  const box = useSystemBox({ units: UNITS });
  const run = (args: string[]) => box().exec([BIN, ...args], { env: { PATH, LANG: 'C.UTF-8' } });

  before(async () => {
    const output = `${REPO_ROOT}dist/svctui-linux-${arch()}`;
    // Built with the project's Node 26 (this test runs on it).
    execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
    assert.ok(existsSync(output), output);
    const b = box();
    b.copyIn(output, BIN);
    const links = TOOLS.map((t) => `ln -sf "$(command -v ${t})" ${PATH}/${t}`).join(' && ');
    const r = await b.exec(['sh', '-c', `mkdir -p ${PATH} && ${links}`]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.notEqual((await b.exec(['sh', '-c', 'command -v node'], { env: { PATH } })).exitCode, 0, 'no node on that PATH');
    assert.equal((await b.systemctl(['start', 'sea-run.service', 'sea-exit3.service'])).exitCode, 0);
  });

  test('--version, list and status', async () => {
    const version = await run(['--version']);
    assert.equal(version.exitCode, 0, version.stderr);
    assert.match(version.stdout, /^svctui \d+\.\d+\.\d+ \([0-9a-f]{12}\), Node v26\.\d+\.\d+, single executable\n?$/);
    await waitFor(async () => ((await box().systemctl(['is-failed', 'sea-exit3.service'])).exitCode === 0 ? true : undefined), 'sea-exit3 failed');
    const list = await run(['list', 'sea-*']);
    assert.equal(list.exitCode, 0, list.stderr);
    assert.match(list.stdout, /^sea-exit3\.service +loaded +failed +failed +3 +exit-code /m);
    assert.match(list.stdout, /^sea-run\.service +loaded +active +running +- +- /m);
    const status = await run(['status', 'sea-run.service']);
    assert.equal(status.exitCode, 0, status.stderr);
    assert.match(status.stdout, /Active: active \(running\) since/);
  });

  test('the TUI: first frame, a stop with the keyboard (its D-Bus worker started from memory), quit', async () => {
    const b = box();
    const command = b
      .execArgv([BIN, 'sea-*'], { env: { PATH, LANG: 'C.UTF-8', TERM: 'xterm-256color' } })
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const term = await openTerminal(command, { columns: 120, rows: 30 });
    try {
      await term.waitForScreen((s) => / · live · /.test(s) && /sea-run\.service +active \(running\)/.test(s), 'the first frame, live', 20_000);
      await term.send('/');
      await term.waitForScreen((s) => s.includes('Enter keeps'), 'the filter');
      await term.type('sea-run');
      await term.send('Enter');
      await term.waitForScreen((s) => s.includes('── sea-run.service') && !s.includes('Enter keeps'), 'sea-run selected');
      await term.send('x');
      await term.waitForScreen((s) => s.includes('Stop sea-run.service?'), 'the question');
      await term.send('y');
      await term.waitForScreen((s) => s.includes('Stop sea-run.service: done'), 'stopped', 20_000);
      assert.equal((await b.systemctl(['is-active', 'sea-run.service'])).stdout.trim(), 'inactive');
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
    } finally {
      await term.close();
    }
  });
});
