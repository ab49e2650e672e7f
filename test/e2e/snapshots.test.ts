// The screens at 80x24, 120x40 and 60x15, as tmux shows them: the list, the detail pane, the help,
// and each step of the handler wizard, compared with the stored snapshots in __snapshots__/ (what
// changes from run to run — times, PIDs, ids, paths — is masked, keeping the layout). After a
// deliberate change: SNAPSHOT_UPDATE=1 node --import tsx --test test/e2e/snapshots.test.ts, and
// read the diff.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { stateHome, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = {
  'sn-run.service': '[Unit]\nDescription=Runs until stopped\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'sn-fail.service': "[Unit]\nDescription=Exits 3 at once\n\n[Service]\nType=oneshot\nExecStart=/bin/sh -c 'exit 3'\n",
  'sn-idle.service': '[Unit]\nDescription=Never started\n\n[Service]\nExecStart=/bin/true\n',
};

const DIR = new URL('./__snapshots__/', import.meta.url);
const UPDATE = Boolean(process.env.SNAPSHOT_UPDATE);

/**
 * What varies from run to run, masked at the same length; everything else — exit statuses, counts,
 * the help's keys 1 2 3, the layout (rows, columns, cuts, wraps) — stays exact.
 */
export function normalize(screen: string): string {
  const zeros = (m: string) => m.replace(/\d/g, '0');
  return screen
    .split('\n')
    .map((line) => {
      // Lines whose length depends on PIDs or paths: only where they are is compared.
      if (/svctui-sandbox|Main PID:|Process:|[└├]─\d|\w\[\d+\]:|CPU: |Tasks: |Memory: /.test(line)) return line.replace(/\S.*$/, '<varies>');
      return (
        line
          // A relative time in a padded column: the same width, a fixed word.
          .replace(/\b\d+(?:us|µs|ms|s|min|h|d)( *)(?= |$)/g, (m) => 'T'.padEnd(m.length))
          // "since …; 10s ago", cut or not: how long ago varies.
          .replace(/(UTC; ).*$/, '$1<ago>')
          // Dates and clock times (ISO, systemctl's "Mon 2026-12-07 16:20:27", journal's "Dec 07 16:20:27").
          .replace(/\b\d{4}-\d{2}-\d{2}\b/g, zeros)
          .replace(/\b\d{2}:\d{2}(:\d{2})?\b/g, zeros)
          .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g, 'Www')
          .replace(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2}\b/g, 'Mmm 00')
          // Invocation ids (shortened) and the machine's counts of units it runs.
          .replace(/\b[0-9a-f]{12}\b/g, 'xxxxxxxxxxxx')
          .replace(/\d+ running \d+ inactive/, 'N running N inactive')
      );
    })
    .join('\n');
}

function check(name: string, screen: string): void {
  const file = new URL(`${name}.txt`, DIR);
  const got = normalize(screen);
  if (UPDATE || !existsSync(file)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, got);
    if (!UPDATE) assert.fail(`no snapshot ${name} yet: written, read it and commit it (${file.pathname})`);
    return;
  }
  assert.equal(got, readFileSync(file, 'utf8'), `snapshot ${name} (SNAPSHOT_UPDATE=1 rewrites it)`);
}

const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
  { columns: 60, rows: 15 },
] as const;

describe('snapshots', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal | undefined;
  // One run of each, once: every size shows the same history, whichever test runs alone.
  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'sn-run.service'])).exitCode, 0);
    await sb.systemctl(['start', 'sn-fail.service']);
  });
  after(async () => term?.close());

  for (const size of SIZES) {
    test(`at ${size.columns}x${size.rows}: list, detail, help and each wizard step`, async () => {
      const sb = sandbox();
      // A fixed host name (a UTS namespace of its own): the header's length must not depend on the machine.
      const command = `unshare --uts sh -c 'hostname snapbox && exec "$@"' sh ${svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'sn-*'])}`;
      term = await openTerminal(command, size, { XDG_STATE_HOME: stateHome(sb), TZ: 'UTC' });
      const at = `${size.columns}x${size.rows}`;
      const shot = async (name: string, ready: (s: string) => boolean) => check(`${at}-${name}`, await term!.waitForScreen(ready, name, 20_000));
      const flat = (s: string) => s.replace(/\s+/g, ' ');
      // (A frame is written line by line: wait for one that is whole — the count and the rows agree.)
      const settled = (s: string) => / · live · 1 failed/.test(s) && /sn-fail\.service +failed +3 +exit-code/.test(s) && /sn-run\.service +active/.test(s);
      await shot('list', (s) => settled(s) && (size.rows < 16 || (/Active: failed \(Result: exit-code\)/.test(s) && /Failed to start sn-fail/.test(s) && (size.rows < 40 || / exit-code +itself /.test(s)))));
      await term.send('j');
      // Too short for the pane beside the list: Enter shows it full-screen (and back after).
      if (size.rows < 16) await term.send('Enter');
      await shot('detail', (s) => (size.rows < 16 || settled(s)) && s.includes('── sn-run.service') && /Active: active \(running\)/.test(s) && (size.rows < 16 || /Started sn-run/.test(s)) && (size.rows < 40 || / running +- +- +running /.test(s)));
      if (size.rows < 16) {
        await term.send('Enter');
        await term.waitForScreen((s) => settled(s) && !s.includes('── sn-run.service'), 'the list again');
      }
      await term.send('?');
      await shot('help', (s) => s.includes('svctui keys'));
      // (Esc alone: a key right after it would read as Alt-that-key, as in any terminal program.)
      await term.send('Escape');
      await term.waitForScreen((s) => s.includes(' UNIT '), 'the list again');
      await term.send('h');
      await shot('wizard-1-what-now', (s) => flat(s).includes('What now: [a]ttach a handler, or [c]lose? [C]'));
      await term.send('a');
      await shot('wizard-2-what-to-run', (s) => flat(s).includes('or a [c]ustom snippet? [L]'));
      await term.send('s');
      await shot('wizard-3-command', (s) => flat(s).includes('The command (a shell line;'));
      await term.paste('logger -t sn "exit $EXIT_STATUS"');
      await term.send('Enter');
      await shot('wizard-4-statuses', (s) => flat(s).includes('For which exit statuses or signals'));
      await term.type('3,4');
      await term.send('Enter');
      await shot('wizard-5-when', (s) => flat(s).includes('for some [r]esults? [N]'));
      await term.send('Escape');
      await shot('wizard-6-cancelled', (s) => flat(s).includes('Cancelled. Nothing was changed.'));
      await term.send('Escape');
      await term.waitForScreen((s) => s.includes(' UNIT '), 'the list again');
      await term.send('q');
      assert.equal((await term.waitForExit()).status, 0);
      await term.close();
      term = undefined;
    });
  }
});
