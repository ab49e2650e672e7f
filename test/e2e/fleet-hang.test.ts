// A fleet host that hangs (its connection opens and never answers) is timed out in words, and
// never holds up the other hosts: the real binary in tmux over one system box (real ssh) and one
// host whose ProxyCommand never answers, with --timeout 8 (web1 has that long to be listed while web9 still hangs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSystemBox, type SystemBox } from '../../src/host/sandbox/systemBox.js';
import { sshIntoBoxes, type BoxSsh } from '../helpers/boxSsh.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = { 'fh-run.service': '[Unit]\nDescription=Runs\n\n[Service]\nExecStart=/bin/sleep infinity\n' };

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
  });
});
