// Acting on many units across hosts in the TUI: the real binary in tmux over four system boxes
// (real ssh). space marks a fold (the unit on each of its hosts); r asks once, listing every
// (host, unit); rolling goes host by host and stops at the host where the unit does not come back;
// at once acts on every host. The truth is each host's systemd (invocation ids, states).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSystemBox, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { sshIntoBoxes, type BoxSsh } from '../helpers/boxSsh.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = { 'fb-run.service': '[Unit]\nDescription=Runs\n\n[Service]\nExecStart=/bin/sleep infinity\n' };
const HOSTS = ['web1', 'web2', 'web3', 'web4'];
const BAD = 'web3';

describe('the TUI acts on marked units across hosts', () => {
  const boxes = new Map<string, SystemBox>();
  let ssh: (BoxSsh & { hosts: string[] }) | undefined;
  let term: Terminal | undefined;
  const invocation = async (h: string) => (await boxes.get(h)!.systemctl(['show', '-p', 'InvocationID', '--value', 'fb-run.service'])).stdout.trim();
  const invocations = async () => Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await invocation(h)] as const)));

  before(async () => {
    const started = await Promise.all(HOSTS.map(() => startSystemBox({ units: UNITS })));
    HOSTS.forEach((h, i) => boxes.set(h, started[i]!));
    await Promise.all(HOSTS.map((h) => boxes.get(h)!.systemctl(['start', 'fb-run.service'])));
    // On web3 the unit runs, but cannot start again.
    const r = await boxes.get(BAD)!.exec(['sh', '-c', 'mkdir -p /etc/systemd/system/fb-run.service.d && printf "[Service]\\nExecStartPre=/bin/false\\n" > /etc/systemd/system/fb-run.service.d/broken.conf && systemctl daemon-reload']);
    assert.equal(r.exitCode, 0, r.stderr);
    ssh = await sshIntoBoxes(HOSTS.map((host) => ({ box: boxes.get(host)!, host })));
  });
  after(async () => {
    await term?.close();
    ssh?.remove();
    await Promise.all([...boxes.values()].map((b) => b.stop()));
  });

  test('space marks a fold; r rolling stops at web3 (web4 untouched); r at once acts on every host', async () => {
    term = await openTerminal(svctuiCommand(['--no-config', '-H', 'web[1-4]', 'fb-*']), { columns: 140, rows: 40 }, { PATH: ssh!.path, NO_COLOR: '1' });
    const t = term;
    await t.waitForScreen((s) => /4 hosts live/.test(s) && /web\[1-4\] +fb-run\.service +active \(running\)/.test(s), 'the fold of four hosts', 60_000);
    await t.send('g');
    await t.send('Space');
    await t.waitForScreen((s) => / · 4 marked/.test(s), 'four marked');
    const first = await invocations();
    await t.send('r');
    await t.waitForScreen((s) => /Restart 1 unit\(s\) on 4 host\(s\)|Restart 4 unit\(s\) on 4 host\(s\):/.test(s) && /web4: fb-run\.service/.test(s) && /rolling: one host at a time/.test(s), 'one question listing every host');
    await t.send('r');
    await t.waitForScreen((s) => /Stopped at web3: the action did not succeed\. Not done: web4\./.test(s), 'the rolling restart stopped at web3, saying where', 60_000);
    const rolled = await invocations();
    assert.notEqual(rolled.web1, first.web1, 'web1 restarted');
    assert.notEqual(rolled.web2, first.web2, 'web2 restarted');
    assert.equal(rolled.web4, first.web4, 'web4 untouched');
    assert.equal((await boxes.get(BAD)!.systemctl(['is-active', 'fb-run.service'])).stdout.trim(), 'failed');
    await t.send('Enter');
    await t.waitForScreen((s) => / · 4 marked/.test(s) && /Restart 4 unit\(s\) on 4 host\(s\): Restart fb-run\.service on web1; Restart fb-run\.service on web2/.test(s), 'back to the list; the status says what changed; the marks stay after a failure');
    // At once: every host gets the restart (web3 refuses again), each result said.
    await t.send('r');
    await t.waitForScreen((s) => /yes: every host at once/.test(s), 'asked again');
    await t.send('y');
    await t.waitForScreen((s) => /Done on 3 of 4 host\(s\); 1 did not succeed/.test(s), 'results per host', 60_000);
    const atOnce = await invocations();
    for (const h of ['web1', 'web2', 'web4']) assert.notEqual(atOnce[h], rolled[h], `${h} restarted again`);
    await t.send('Enter');
    await t.send('q');
    assert.equal((await t.waitForExit()).status, 0);
    await t.close();
  });

  test("Esc stops a rolling restart in its pause (config.toml's [fleet] pause): the hosts after it untouched", async () => {
    const home = mkdtempSync(join(ssh!.dir, 'config-'));
    mkdirSync(join(home, 'svctui'), { mode: 0o700 });
    writeFileSync(join(home, 'svctui', 'config.toml'), '[fleet]\npause = 60\n', { mode: 0o600 });
    term = await openTerminal(svctuiCommand(['-H', 'web1,web2,web4', 'fb-*']), { columns: 140, rows: 40 }, { PATH: ssh!.path, NO_COLOR: '1', XDG_CONFIG_HOME: home });
    const t = term;
    // (The fold forms and splits while the hosts' facts load — '…' then '-': marked once it is settled.)
    await t.waitForScreen((s) => /3 hosts live/.test(s) && /web\[1-2,4\] +fb-run\.service +active \(running\) +- +- /.test(s), 'the fold of three hosts, its facts read', 60_000);
    await t.send('g');
    await t.send('Space');
    await t.waitForScreen((s) => / · 3 marked/.test(s), 'three marked');
    const before = await invocations();
    await t.send('r');
    await t.waitForScreen((s) => /rolling: one host at a time/.test(s), 'asked');
    await t.send('r');
    await t.waitForScreen((s) => /web1: active again\.\s+Waiting 60 s before web2 \(Esc stops\)\./.test(s), 'web1 done, waiting before web2', 60_000);
    await t.send('Escape');
    await t.waitForScreen((s) => /Stopped \(Esc\) before web2; not done: web2, web4\./.test(s), 'stopped where it was, saying what was not done', 10_000);
    const now = await invocations();
    assert.notEqual(now.web1, before.web1, 'web1 restarted');
    assert.equal(now.web2, before.web2, 'web2 untouched');
    assert.equal(now.web4, before.web4, 'web4 untouched');
  });
});
