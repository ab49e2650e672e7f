// A fleet host that hangs (its connection opens and never answers) is timed out in words, and
// never holds up the other hosts; a host whose connection drops comes back by itself: the real binary in tmux over one system box (real ssh) and one
// host whose ProxyCommand never answers, with --timeout 8 (web1 has that long to be listed while web9 still hangs).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startSystemBox, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { sshIntoBoxes, type BoxSsh } from '../helpers/boxSsh.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = {
  'fh-run.service': '[Unit]\nDescription=Runs\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'fh-later.service': '[Unit]\nDescription=Started after the drop\n\n[Service]\nExecStart=/bin/sleep infinity\n',
};

/** This machine's processes whose command line has every one of these words (ssh's for one host's bus). */
function processesWith(words: string[]): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const argv = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
        return argv[0]?.endsWith('ssh') && words.every((w) => argv.some((a) => a.includes(w)));
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('a fleet host that hangs', () => {
  let box: SystemBox | undefined;
  let ssh: (BoxSsh & { hosts: string[] }) | undefined;
  let term: Terminal | undefined;
  before(async () => {
    box = await startSystemBox({ units: UNITS });
    await box.systemctl(['start', 'fh-run.service']);
    ssh = await sshIntoBoxes([{ box, host: 'web1' }], [], ['web9']);
  });
  after(async () => {
    await term?.close();
    ssh?.remove();
    await box?.stop();
  });

  test('web1 is listed at once; web9 is said to give no answer, in the header and the hosts view', async () => {
    term = await openTerminal(svctuiCommand(['--no-config', '--timeout', '8', '-H', 'web1,web9', 'fh-*']), { columns: 140, rows: 30 }, { PATH: ssh!.path, NO_COLOR: '1' });
    const t = term;
    // web1's units on screen while web9 is still connecting: web1 did not wait for it. (web9 hangs until ssh gives up after --timeout, or svctui at the timeout and 5 s more.)
    await t.waitForScreen((s) => /1 of 2 hosts live · web9 connecting/.test(s) && /web1 +fh-run\.service +active \(running\)/.test(s), "web1's units while web9 hangs", 30_000);
    await t.waitForScreen((s) => /1 of 2 hosts live · web9 unreachable/.test(s), 'web9 timed out', 30_000);
    await t.send('4');
    await t.waitForScreen((s) => /web9 +unreachable +\? +\? .*(timed out during banner exchange|no answer within 13 s)/.test(s) && /web1 +live +0 /.test(s), "the hosts view says why web9 is not live", 15_000);
    await t.send('q');
    assert.equal((await t.waitForExit()).status, 0);
    await t.close();
  });

  test('a host whose connection drops is said to be reconnecting, comes back by itself, and is live again (a unit started meanwhile is listed)', async () => {
    term = await openTerminal(svctuiCommand(['--no-config', '--timeout', '8', '-H', 'web1,web9', 'fh-*']), { columns: 140, rows: 30 }, { PATH: ssh!.path, NO_COLOR: '1' });
    const t = term;
    await t.waitForScreen((s) => /web1 +fh-run\.service +active \(running\)/.test(s), "web1's units", 30_000);
    // The ssh that carries web1's bus (its bridge) goes: the network dropped.
    const bridges = processesWith(['web1', '--bus-path=']);
    assert.ok(bridges.length >= 1, 'the ssh of web1\'s bus bridge');
    for (const pid of bridges) process.kill(pid, 'SIGKILL');
    await t.waitForScreen((s) => /web1 reconnecting/.test(s), 'web1 said to be reconnecting', 15_000);
    await box!.systemctl(['start', 'fh-later.service']);
    await t.waitForScreen((s) => !/web1 reconnecting/.test(s) && /web1 +fh-later\.service +active \(running\)/.test(s), 'web1 live again, with what started meanwhile', 30_000);
    await t.send('q');
    assert.equal((await t.waitForExit()).status, 0);
  });
});
