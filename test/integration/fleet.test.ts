// The fleet on the command line: three real hosts (system boxes, each reached by real ssh through
// `ProxyCommand nsenter … sshd -i`) with different failures, and one host that cannot be reached.
// The truth on each host comes from its own systemctl; svctui's rows must name the host and say
// exactly why each unit failed; the unreachable host is said in words and the exit status is 1.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSystemBox, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { sshIntoBoxes, type BoxSsh } from '../helpers/boxSsh.js';
import { REPO_ROOT } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'fl-exit3.service': "[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
  'fl-run.service': '[Service]\nExecStart=/bin/sleep infinity\n',
};
const HOSTS = ['web1', 'web2', 'web3'];
/** What each host is made to have failed (caused by the test: the truth). */
const FAILED: Record<string, Record<string, [string, string]>> = {
  web1: { 'fl-exit3.service': ['3', 'exit-code'] },
  web2: { 'fl-exit3.service': ['3', 'exit-code'], 'fl-run.service': ['SIGKILL', 'signal'] },
  web3: {},
};

interface FleetRow {
  host: string;
  unit: string;
  active: string;
  lastExit: string;
  stopReason: string;
}

describe('the fleet on the command line', () => {
  const boxes: SystemBox[] = [];
  let ssh: (BoxSsh & { hosts: string[] }) | undefined;
  const svctui = (args: string[]) => execa(process.execPath, [`${REPO_ROOT}bin/svctui`, ...args], { reject: false, env: { PATH: ssh!.path, NO_COLOR: '1' } });

  before(async () => {
    boxes.push(...(await Promise.all(HOSTS.map(() => startSystemBox({ units: UNITS })))));
    for (const [i, host] of HOSTS.entries()) {
      const b = boxes[i]!;
      const failed = FAILED[host]!;
      if (failed['fl-exit3.service']) await b.systemctl(['start', 'fl-exit3.service']);
      await b.systemctl(['start', 'fl-run.service']);
      if (failed['fl-run.service']) await b.systemctl(['kill', '--signal=KILL', 'fl-run.service']);
      await waitFor(async () => ((await b.systemctl(['list-units', '--failed', '--no-legend', '--plain'])).stdout.trim().split('\n').filter((l) => l.includes('fl-')).length === Object.keys(failed).length ? true : undefined), `${host}'s failures`);
    }
    ssh = await sshIntoBoxes(HOSTS.map((host, i) => ({ box: boxes[i]!, host })), ['web4']);
  });
  after(async () => {
    ssh?.remove();
    await Promise.all(boxes.map((b) => b.stop()));
  });

  test("-H 'web[1-4]' list --state=failed: each host's failures as its systemctl says, exact reasons; web4 in words, exit 1", async () => {
    const r = await svctui(['-H', 'web[1-4]', 'list', '--state=failed', '--json']);
    assert.equal(r.exitCode, 1, String(r.stderr));
    assert.match(String(r.stderr), /^svctui: web4: cannot connect to web4: web4 is unreachable: (.*No route to host|the connection closed before SSH began)/m);
    const rows = JSON.parse(String(r.stdout)) as FleetRow[];
    for (const [i, host] of HOSTS.entries()) {
      // The host's own view of what failed (its systemctl), and what the test caused.
      const theirs = (await boxes[i]!.systemctl(['list-units', '--failed', '--no-legend', '--plain'])).stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean).sort();
      const ours = rows.filter((x) => x.host === host);
      assert.deepEqual(ours.map((x) => x.unit).sort(), theirs, `${host}: the failed units`);
      for (const x of ours.filter((x) => x.unit.startsWith('fl-'))) assert.deepEqual([x.lastExit, x.stopReason], FAILED[host]![x.unit], `${host} ${x.unit}`);
    }
    assert.deepEqual([...new Set(rows.map((x) => x.host))], HOSTS.filter((h) => rows.some((x) => x.host === h)), 'hosts in their order');
  });

  test('the table has a HOST column, and says which host did not answer', async () => {
    const r = await svctui(['-H', 'web1', '-H', 'web2', '-H', 'web4', 'list', '--state=failed', 'fl-*']);
    assert.equal(r.exitCode, 1);
    const lines = String(r.stdout).split('\n');
    assert.match(lines[0]!, /^HOST +UNIT +LOAD +ACTIVE +SUB +LAST EXIT +STOP REASON +SINCE +DESCRIPTION$/);
    assert.ok(lines.some((l) => /^web2 +fl-run\.service +loaded +failed +failed +SIGKILL +signal /.test(l)), String(r.stdout));
    assert.match(String(r.stdout), /\n3 units listed from 2 of 3 hosts \(web4 did not answer\)\.$/);
  });

  test('an INI and a YAML inventory (Ansible ranges, --limit) give the same hosts as -H ranges', async () => {
    const ini = join(ssh!.dir, 'hosts.ini');
    writeFileSync(ini, '[web]\nweb[1:3]\n\n[odd]\nweb1\nweb3\n');
    const yml = join(ssh!.dir, 'hosts.yml');
    writeFileSync(yml, 'all:\n  children:\n    web:\n      hosts:\n        web[1:3]:\n    odd:\n      hosts:\n        web1:\n        web3:\n');
    const byRange = await svctui(['-H', 'web[1-3]', 'list', '--state=failed', '--json', 'fl-*']);
    assert.equal(byRange.exitCode, 0, String(byRange.stderr));
    for (const file of [ini, yml]) {
      const r = await svctui(['--inventory', file, 'list', '--state=failed', '--json', 'fl-*']);
      assert.equal(r.exitCode, 0, String(r.stderr));
      assert.deepEqual(JSON.parse(String(r.stdout)).map((x: FleetRow) => [x.host, x.unit]), JSON.parse(String(byRange.stdout)).map((x: FleetRow) => [x.host, x.unit]), file);
      const odd = await svctui(['--inventory', file, '--limit', 'odd:!web3', 'list', '--state=failed', '--json', 'fl-*']);
      assert.deepEqual([...new Set(JSON.parse(String(odd.stdout)).map((x: FleetRow) => x.host))], ['web1'], `${file} --limit`);
    }
  });
  test("--fleet: config.toml's [fleet] names the hosts (and the inventory); without one, a clear refusal", async () => {
    const home = join(ssh!.dir, 'config-home');
    mkdirSync(join(home, 'svctui'), { recursive: true, mode: 0o700 });
    const ini = join(ssh!.dir, 'fleet.ini');
    writeFileSync(ini, '[db]\nweb3\n');
    writeFileSync(join(home, 'svctui', 'config.toml'), `[fleet]\nhosts = ["web[1-2]"]\ninventory = "${ini}"\nconcurrency = 2\n`, { mode: 0o600 });
    const withConfig = (args: string[]) => execa(process.execPath, [`${REPO_ROOT}bin/svctui`, ...args], { reject: false, env: { PATH: ssh!.path, NO_COLOR: '1', XDG_CONFIG_HOME: home } });
    const r = await withConfig(['--fleet', 'list', '--json', 'fl-run.service']);
    assert.equal(r.exitCode, 0, String(r.stderr));
    assert.deepEqual(JSON.parse(String(r.stdout)).map((x: FleetRow) => x.host), ['web1', 'web2', 'web3']);
    writeFileSync(join(home, 'svctui', 'config.toml'), 'theme = "dark"\n', { mode: 0o600 });
    const none = await withConfig(['--fleet', 'list']);
    assert.equal(none.exitCode, 2);
    assert.match(String(none.stderr), /^svctui: --fleet: .*config\.toml has no \[fleet\] with hosts or an inventory \(svctui --print-config shows how to write one\)$/m);
  });
  test('status and history per host: each under its name, in the hosts\' order; the exit status as systemctl\'s, 1 when a host did not answer', async () => {
    const r = await svctui(['-H', 'web[1-3]', 'status', 'fl-exit3.service']);
    const out = String(r.stdout);
    const sections = out.split(/^── (web\d) ──$/m).slice(1);
    assert.deepEqual(sections.filter((_, i) => i % 2 === 0), HOSTS, 'one section per host, in order');
    const body = (host: string) => sections[sections.indexOf(host) + 1] ?? '';
    // web1 and web2: the unit failed with exit 3; web3: it never ran (inactive).
    assert.match(body('web1'), /Active: failed \(Result: exit-code\)/);
    assert.match(body('web2'), /Active: failed \(Result: exit-code\)/);
    assert.match(body('web3'), /Active: inactive \(dead\)/);
    // systemctl status on web1 exits 3 (not active): so does the fleet's, the first host's status.
    assert.equal((await boxes[0]!.systemctl(['status', 'fl-exit3.service'])).exitCode, 3);
    assert.equal(r.exitCode, 3, String(r.stderr));
    const unanswered = await svctui(['-H', 'web1', '-H', 'web4', 'history', 'fl-exit3.service']);
    assert.equal(unanswered.exitCode, 1);
    assert.match(String(unanswered.stdout), /── web1 ──\n[\s\S]*exit-code[\s\S]*── web4 ──\n\(no answer: /);
  });
});
