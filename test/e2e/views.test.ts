// End to end: the timers and sockets views of the real bin/svctui in tmux, against a sandbox —
// the rows as systemctl lists them, kept live, and "run now" starting what a timer activates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { showProps, stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = {
  'v-hourly.timer': '[Unit]\nDescription=Hourly\n\n[Timer]\nOnActiveSec=1h\nUnit=v-job.service\n',
  'v-job.service': "[Unit]\nDescription=The hourly job\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'exit 3'\n",
  'v-night.timer': '[Unit]\nDescription=Nightly\n\n[Timer]\nOnCalendar=*-*-* 03:00:00\n',
  'v-night.service': '[Service]\nExecStart=/bin/true\n',
  'v-echo.socket': '[Socket]\nListenStream=%t/v-echo.sock\nListenStream=%t/v-echo2.sock\n',
  'v-echo.service': '[Service]\nExecStart=/bin/sleep infinity\n',
  'v-all.target': '[Unit]\nWants=v-hourly.timer v-night.timer\n',
  'v-inst.service': '[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=default.target\n',
  'v-tpl@.service': '[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=default.target\n',
};

describe('the timers, sockets and unit files views', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal;

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'v-all.target', 'v-echo.socket'])).exitCode, 0);
    term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir]), { columns: 160, rows: 30 }, { XDG_STATE_HOME: stateHome(sb) });
    await term.waitForScreen((s) => / · live · /.test(s), 'svctui');
  });
  after(async () => {
    await term?.close();
  });

  test('2 shows the timers in systemctl\'s order with their NEXT; ! starts the activated unit, and its exit shows beside the timer', async () => {
    const sb = sandbox();
    await term.send('2');
    // systemctl's own listing is the truth for NEXT (calendar) and the order.
    const listed = (await sb.systemctl(['list-timers', '--all', '--no-pager', '--no-legend', 'v-*'])).stdout.trim().split('\n');
    assert.equal(listed.length, 2);
    const nightNext = /^(\S+ \S+ \S+ \S+) /.exec(listed.find((l) => l.includes('v-night.timer'))!)![1]!;
    const order = listed.map((l) => /(v-\w+\.timer)/.exec(l)![1]!);
    const screen = await term.waitForScreen((s) => / · timers view/.test(s) && s.includes(`v-night.timer  ${nightNext}`.replace('  ', ' ')) || new RegExp(`v-night\\.timer +${nightNext}`).test(s), 'the timers view with v-night\'s NEXT as systemctl says');
    assert.match(screen, /UNIT +NEXT +LEFT +LAST +PASSED +ACTIVATES +LAST EXIT +STOP REASON/);
    assert.match(screen, /v-hourly\.timer +\S+ \S+ \S+ \S+ +59min left +- +- +v-job\.service +- +-/);
    assert.ok(screen.indexOf(order[0]!) < screen.indexOf(order[1]!), `the order is systemctl's: ${order.join(', ')}`);
    // The first row (the next to elapse) is selected: go to v-hourly and run its job now.
    await term.send(order[0] === 'v-hourly.timer' ? 'g' : 'G');
    await term.waitForScreen((s) => s.includes('── v-hourly.timer'), 'v-hourly selected');
    await term.send('!');
    await term.waitForScreen((s) => s.includes('Start v-job.service? (y = yes, n/Esc = no)'), 'the confirmation names the activated unit');
    await term.send('y');
    await term.waitForScreen((s) => /v-hourly\.timer .*v-job\.service +3 +exit-code/.test(s), 'the job\'s exit beside the timer, live');
    assert.equal((await showProps(sb, 'v-job.service', ['ExecMainStatus'])).ExecMainStatus, '3');
  });

  test('d shows the dependency tree of the selected unit as systemctl list-dependencies does, each direction, then the status', async () => {
    const sb = sandbox();
    // v-hourly.timer selected in the timers view (whatever ran before).
    await term.send('2');
    await term.waitForScreen((s) => / · timers view/.test(s) && s.includes('v-hourly.timer'), 'the timers view');
    const order = (await sb.systemctl(['list-timers', '--all', '--no-pager', '--no-legend', 'v-*'])).stdout.trim().split('\n').map((l) => /(v-\w+\.timer)/.exec(l)![1]!);
    await term.send(order[0] === 'v-hourly.timer' ? 'g' : 'G');
    await term.waitForScreen((s) => s.includes('── v-hourly.timer'), 'v-hourly selected');
    await term.send('d');
    const tree = (await sb.systemctl(['list-dependencies', '--full', '--no-pager', 'v-hourly.timer'])).stdout.trimEnd().split('\n');
    const screen = await term.waitForScreen((s) => s.includes('v-hourly.timer: what it requires and wants') && tree.every((l) => s.includes(l)), 'the tree, as systemctl draws it');
    assert.match(screen, /── v-hourly\.timer \(dependencies: d for the next\)/);
    await term.send('d');
    const reverse = (await sb.systemctl(['list-dependencies', '--full', '--no-pager', '--reverse', 'v-hourly.timer'])).stdout.trimEnd().split('\n');
    assert.ok(reverse.some((l) => l.endsWith('v-all.target')), reverse.join('\n'));
    await term.waitForScreen((s) => s.includes('v-hourly.timer: what requires or wants it') && reverse.every((l) => s.includes(l)), 'what wants it');
    await term.send('d', 'd', 'd');
    await term.waitForScreen((s) => /● v-hourly\.timer - Hourly/.test(s) && !s.includes('(dependencies'), 'the status again');
  });

  test('3 shows the sockets with where they listen; 1 goes back to the unit list', async () => {
    await term.send('3');
    // LISTEN whole (its path is long under the sandbox): STOP REASON goes first when both do not fit.
    const screen = await term.waitForScreen((s) => / · sockets view/.test(s) && /v-echo\.socket +listening +v-echo\.service +inactive \(dead\) +(- +)?\S+\/v-echo\.sock \(\+1\)$/m.test(s), 'the sockets view');
    assert.match(screen, /UNIT +STATE +ACTIVATES +ITS STATE +(STOP REASON +)?LISTEN/);
    await term.send('1');
    await term.waitForScreen((s) => / · services/.test(s) && /v-job\.service +(failed|inactive)/.test(s), 'the unit list again');
  });

  test('5 shows the unit files as systemctl list-unit-files (templates too); + enables the selected one, and its row says so', async () => {
    const sb = sandbox();
    await term.send('5');
    await term.waitForScreen((s) => / · unit files view/.test(s), 'the unit files view');
    await term.send('/', ...'v-'.split(''), 'Enter');
    const listed = (await sb.systemctl(['list-unit-files', '--no-pager', '--no-legend', 'v-*'])).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    assert.ok(listed.some(([name]) => name === 'v-tpl@.service'), 'systemctl lists the template');
    // Each file's STATE and PRESET as systemctl says, in its order.
    const screen = await term.waitForScreen((s) => listed.every(([name, st, preset]) => new RegExp(`${name!.replace(/[.@]/g, '\\$&')} +${st} +${preset} `).test(s)), 'every v- unit file with its state and preset');
    assert.match(screen, /UNIT FILE +STATE +PRESET +ACTIVE +LAST EXIT +STOP REASON/);
    const at = listed.map(([name]) => screen.indexOf(`${name} `));
    assert.deepEqual([...at].sort((a, b) => a - b), at, "systemctl's order");
    assert.match(screen, /v-echo\.socket +static +- +active \(listening\)/);
    // Select v-inst.service (the files are in systemctl's order; move until it is selected).
    await term.send('g');
    await term.waitForScreen((s) => s.includes(`── ${listed[0]![0]}`), 'the first file selected');
    for (let i = 1; i <= listed.findIndex(([name]) => name === 'v-inst.service'); i++) {
      await term.send('j');
      await term.waitForScreen((s) => s.includes(`── ${listed[i]![0]}`), `${listed[i]![0]} selected`);
    }
    await term.waitForScreen((s) => s.includes('── v-inst.service'), 'v-inst selected');
    await term.send('+');
    await term.waitForScreen((s) => /v-inst\.service +enabled +enabled /.test(s), 'v-inst enabled, in its row');
    assert.equal((await sb.systemctl(['is-enabled', 'v-inst.service'])).stdout.trim(), 'enabled');
    await term.send('1');
    await term.waitForScreen((s) => / · services/.test(s), 'the unit list again');
  });

  test('P shows the selected unit\'s properties as systemctl show prints them, and P again its status', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'v-inst.service'])).exitCode, 0);
    const shown = (await sb.systemctl(['show', '-p', 'MainPID,ExecStart,UnitFileState,WantedBy', 'v-inst.service'])).stdout.split('\n');
    await term.send('1');
    await term.waitForScreen((s) => / · services/.test(s), 'the unit list');
    await term.send('/', ...'v-inst'.split(''), 'Enter');
    await term.waitForScreen((s) => s.includes('── v-inst.service'), 'v-inst selected');
    await term.send('P');
    await term.waitForScreen((s) => s.includes('── v-inst.service (properties: P for status)') && /^Type=simple$/m.test(s), 'the properties, from the first');
    // Each of systemctl's lines, found with the pane's search (Tab focuses the pane).
    await term.send('Tab');
    for (const line of shown.filter(Boolean)) {
      const name = line.slice(0, line.indexOf('=') + 1);
      await term.send('/', ...name.split(''), 'Enter');
      await term.waitForScreen((s) => s.includes(line.slice(0, 120)), `${name} as systemctl show prints it`);
    }
    await term.send('Tab');
    await term.send('P');
    await term.waitForScreen((s) => /● v-inst\.service/.test(s) && !s.includes('(properties'), 'the status again');
  });
});
