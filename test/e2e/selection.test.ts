// Never the wrong unit (the selection issue): the real binary in tmux. The selected unit is
// stopped and systemd collects it — its row stays, and s starts that unit, not a neighbour; a live
// reorder never moves an action to another unit; a filter change selects what it shows.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait.js';

const svc = (d: string) => `[Unit]\nDescription=${d}\n\n[Service]\nExecStart=/bin/sleep infinity\n`;
const UNITS = {
  'sel-inst.service': '[Unit]\nDescription=Can be enabled\n\n[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=default.target\n',
  'sel-a.service': svc('First by name'),
  'sel-b.service': svc('Stopped, then collected'),
  'sel-c.service': svc('Its neighbour'),
};

describe('the selection is a unit, not a row', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal;
  const active = async (u: string) => (await sandbox().systemctl(['is-active', u])).stdout.trim();
  const loaded = async (u: string) => (await sandbox().systemctl(['show', '-p', 'LoadState', '--value', u])).stdout.trim();

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'sel-a.service', 'sel-b.service', 'sel-c.service'])).exitCode, 0);
    term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'sel-*']), { columns: 120, rows: 30 }, { XDG_STATE_HOME: stateHome(sb) });
    await term.waitForScreen((s) => / · live · /.test(s) && /sel-c\.service +active \(running\)/.test(s), 'the list');
  });
  after(async () => {
    await term?.close();
  });
  // No filter: / opens it (wait for it), Esc clears it (wait for that: Esc and a key right after
  // it would read as Alt-that-key).
  const clearFilter = async () => {
    await term.send('/');
    await term.waitForScreen((s) => s.includes('Enter keeps'), 'the filter input');
    await term.send('Escape');
    await term.waitForScreen((s) => !s.includes('Enter keeps'), 'no filter');
  };

  test('stop the selected unit; systemd collects it; its row stays and s starts that same unit', async () => {
    const sb = sandbox();
    await term.send('g', 'j');
    await term.waitForScreen((s) => s.includes('── sel-b.service'), 'sel-b selected');
    await term.send('x');
    await term.waitForScreen((s) => s.includes('Stop sel-b.service? (y = yes, n/Esc = no)'), 'the question names sel-b');
    await term.send('y');
    await term.waitForScreen((s) => s.includes('Stop sel-b.service: done'), 'stopped');
    // systemd collects the stopped unit (nothing holds it): its row stays, selected.
    await waitFor(async () => (await loaded('sel-b.service')) !== 'loaded' || (await sb.systemctl(['list-units', '--all', '--no-legend', 'sel-b.service'])).stdout.trim() === '', 'sel-b collected', 10_000);
    await term.waitForScreen((s) => /^.sel-b\.service +(inactive \(dead\)|not loaded) +SIGTERM +stopped/m.test(s) && s.includes('── sel-b.service'), 'sel-b still listed and selected, with how it ended', 10_000);
    await term.send('s');
    await term.waitForScreen((s) => s.includes('Start sel-b.service: done'), 'sel-b started');
    assert.equal(await active('sel-b.service'), 'active');
    assert.equal(await active('sel-a.service'), 'active');
    assert.equal(await active('sel-c.service'), 'active');
  });

  test('a live reorder never moves an action to another unit', async () => {
    const sb = sandbox();
    await clearFilter();
    await term.send('G');
    await term.waitForScreen((s) => s.includes('── sel-c.service'), 'sel-c selected (last by name)');
    // sel-a fails from outside: failed units come first, the rows move under the selection.
    assert.equal((await sb.systemctl(['kill', '--signal=KILL', 'sel-a.service'])).exitCode, 0);
    await term.waitForScreen((s) => /^.sel-a\.service +failed/.test(s.split('\n')[2] ?? '') && s.includes('── sel-c.service'), 'sel-a first now, sel-c still selected', 10_000);
    await term.send('r');
    await term.waitForScreen((s) => s.includes('Restart sel-c.service? (y = yes, n/Esc = no)'), 'the question names sel-c, not the row now in its place');
    await term.send('n');
    await term.waitForScreen((s) => s.includes('Restart sel-c.service: cancelled'), 'cancelled');
  });

  test('a filter change selects a unit it shows, and the question names it', async () => {
    await clearFilter();
    await term.send('/');
    await term.waitForScreen((s) => s.includes('Enter keeps'), 'the filter input');
    await term.type('sel-a');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('── sel-a.service') && !/sel-c\.service +active/.test(s), 'only sel-a, selected');
    await term.send('s');
    await term.waitForScreen((s) => s.includes('Start sel-a.service: done'), 'sel-a started: the unit on screen');
    assert.equal(await active('sel-a.service'), 'active');
  });

  test('n and y with no question open change nothing and say so; + enables, - asks before disabling', async () => {
    const sb = sandbox();
    const enabled = async () => (await sb.systemctl(['is-enabled', 'sel-inst.service'])).stdout.trim();
    assert.equal(await enabled(), 'disabled');
    await clearFilter();
    await term.send('a');
    await term.waitForScreen((s) => /sel-inst\.service/.test(s), 'the unloaded unit files shown');
    await term.send('/');
    await term.waitForScreen((s) => s.includes('Enter keeps'), 'the filter input');
    await term.type('sel-inst');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('── sel-inst.service'), 'sel-inst selected');
    await term.send('n', 'y', 'n');
    await term.waitForScreen((s) => s.includes('Nothing is asked now: y and n only answer a question'), 'said, not done');
    assert.equal(await enabled(), 'disabled', 'n did not enable it');
    await term.send('+');
    await term.waitForScreen((s) => /Enable sel-inst\.service: done/.test(s), 'enabled with +');
    assert.equal(await enabled(), 'enabled');
    await term.send('-');
    await term.waitForScreen((s) => s.includes('Disable sel-inst.service? (y = yes, n/Esc = no)'), 'disable asks');
    await term.send('y');
    await term.waitForScreen((s) => /Disable sel-inst\.service: done/.test(s), 'disabled');
    assert.equal(await enabled(), 'disabled');
    await term.send('a');
  });
});
