// Testing a unit's ExecStopPost= handler live: a stop that fits the unit's state (stop or restart a
// running unit; start and stop one that is not running), waited for within the unit's own timeouts
// with a spinner, then what the handler did — its exit as systemd recorded it and its output from
// the journal. After the wizard's attach, and from h's menu for a handler attached earlier.
import { basename } from 'node:path/posix';
import { formatTimespan } from '../core/format.js';
import { UINT64_MAX } from '../core/decode.js';
import { formatShortEntry, queryJournal, unitOutputMatches, type JournalSource } from './journal.js';
import { listHandlers } from './handlers.js';
import type { Systemd } from './manager.js';
import type { Prompter } from './prompter.js';

const SERVICE_IFACE = 'org.freedesktop.systemd1.Service';
const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';
// (ASCII: the dialog is read in terminals of any locale.)
const SPINNER = ['|', '/', '-', '\\'];
/** A unit whose timeouts are infinite is waited for this long, and the person told so. */
const LONGEST_WAIT_US = 5n * 60_000_000n;

const usOf = (v: unknown) => (typeof v === 'bigint' ? v : 0n);

/** How long the test waits: the unit's stop timeout (and its start timeout, when it starts it), plus a margin. */
function waitBudgetUs(timeouts: { start: bigint; stop: bigint }, starts: boolean): bigint {
  const finite = (t: bigint) => (t === 0n || t === UINT64_MAX ? LONGEST_WAIT_US : t);
  const budget = finite(timeouts.stop) + (starts ? finite(timeouts.start) : 0n) + 2_000_000n;
  return budget < LONGEST_WAIT_US ? budget : LONGEST_WAIT_US;
}

/** Shows a spinner with what is awaited while `work` runs (when the prompter can show one). */
async function withSpinner<T>(p: Prompter, what: () => string, work: Promise<T>): Promise<T> {
  if (!p.progress) return work;
  const begun = Date.now();
  let frame = 0;
  const show = () => p.progress?.(`${SPINNER[frame++ % SPINNER.length]} ${what()} ${((Date.now() - begun) / 1000).toFixed(0)}s`);
  show();
  const timer = setInterval(show, 250);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    p.progress(undefined);
  }
}

/**
 * Offers a live test of the handler `name` (svctui's) of `unit` and runs it when asked. Returns
 * 0 (tested or declined) or 1 (the job failed or the handler did not run in time).
 */
export async function testHandlerLive(systemd: Systemd, unit: string, name: string, p: Prompter, journal: JournalSource): Promise<number> {
  const [state, startTimeout, stopTimeout] = await Promise.all([
    systemd.unitProperty(unit, UNIT_IFACE, 'ActiveState').then(String),
    systemd.unitProperty(unit, SERVICE_IFACE, 'TimeoutStartUSec').then(usOf, () => 0n),
    systemd.unitProperty(unit, SERVICE_IFACE, 'TimeoutStopUSec').then(usOf, () => 0n),
  ]);
  const running = ['active', 'activating', 'reloading'].includes(state);
  const answer = running
    ? await p.ask(`Test it live: ${unit} is ${state}; [s]top or [r]estart it now (its handlers run when it stops), or [n]o? [N]`, ['stop', 'restart', 'no'], 'no')
    : await p.ask(`Test it live: ${unit} is ${state}, so stopping it would run nothing; [s]tart it and stop it again (its handlers run at the stop), or [n]o? [N]`, ['start', 'no'], 'no');
  if (answer === 'no') return 0;
  const script = (await listHandlers(systemd, unit)).find((h) => h.svctuiName === name);
  if (!script) {
    p.say(`${unit} has no svctui handler "${name}" now (detached, or the manager was not reloaded).`);
    return 1;
  }
  // Pinned while tested: a stopped unit is otherwise collected at once, and with it the handler's exit.
  await systemd.pinUnit(unit);
  try {
    return await runTest(systemd, unit, name, p, journal, { answer, script, timeouts: { start: startTimeout, stop: stopTimeout } });
  } finally {
    await systemd.unpinUnit(unit).catch(() => undefined);
  }
}

async function runTest(
  systemd: Systemd,
  unit: string,
  name: string,
  p: Prompter,
  journal: JournalSource,
  o: { answer: string; script: { lastRun?: string; command: { path: string } }; timeouts: { start: bigint; stop: bigint } },
): Promise<number> {
  const { answer, script } = o;
  const budgetUs = waitBudgetUs(o.timeouts, answer === 'start');
  const deadline = Date.now() + Number(budgetUs / 1000n);
  const limit = `up to ${formatTimespan(budgetUs, 1_000_000n)}, from ${unit}'s own timeouts`;
  const jobBegunUs = BigInt(Date.now()) * 1000n;
  const steps: ('start' | 'stop' | 'restart')[] = answer === 'start' ? ['start', 'stop'] : [answer as 'stop' | 'restart'];
  for (const step of steps) {
    const result = await withSpinner(p, () => `${step === 'start' ? 'Starting' : step === 'stop' ? 'Stopping' : 'Restarting'} ${unit} (${limit})…`, systemd.runJob(step, unit));
    p.say(`${step[0]!.toUpperCase()}${step.slice(1)} ${unit}: ${result}`);
    p.changed?.(`${step === 'start' ? 'started' : step === 'stop' ? 'stopped' : 'restarted'} ${unit} (${result})`);
    if (result !== 'done') {
      p.say(`The test stops here: the ${step} job ended "${result}", so the handler may not have run.`);
      return 1;
    }
  }
  // The handler's exit as systemd records it (a restart's new start clears it: its output tells then).
  const ran = await withSpinner(
    p,
    () => `Waiting for the handler "${name}" to run (${limit})…`,
    (async () => {
      for (;;) {
        const now = (await listHandlers(systemd, unit)).find((h) => h.svctuiName === name)?.lastRun;
        if (now && now !== script.lastRun) return now;
        if (Date.now() >= deadline || answer === 'restart') return undefined;
        await new Promise((r) => setTimeout(r, 200));
      }
    })(),
  );
  if (ran) p.say(`The handler ran: ${ran}`);
  else if (answer === 'restart') p.say('systemd clears a handler\'s exit when the unit starts again (the restart did); its output tells what it did:');
  // Its output reaches the journal on another socket than systemd's messages: wait for it a little.
  // Only the unit's own cgroup: anyone can log a line under the script's name.
  const query = () => queryJournal(journal, ['-n', '10', `SYSLOG_IDENTIFIER=${basename(script.command.path)}`, ...unitOutputMatches(unit, systemd.scope, systemd.host.identity.uid)]).catch(() => []);
  const fresh = await withSpinner(
    p,
    () => 'Reading its output from the journal…',
    (async () => {
      // (Its exit known, its output has a moment to arrive; not known, a little longer.)
      for (const until = Math.min(deadline, Date.now() + (ran ? 1500 : 5000)); ; ) {
        const lines = (await query()).filter((e) => e.realtimeUs >= jobBegunUs);
        if (lines.length || Date.now() >= until) return lines;
        await new Promise((r) => setTimeout(r, 250));
      }
    })(),
  );
  if (fresh.length === 0) p.say(ran ? '  (nothing in the journal from it)' : '  (nothing in the journal from it yet)');
  for (const e of fresh) for (const l of formatShortEntry(e).split('\n')) p.say(`  ${l}`);
  if (!ran && answer !== 'restart' && fresh.length === 0) {
    p.say(`The handler did not run within ${formatTimespan(budgetUs, 1_000_000n)}: its condition may have skipped this stop (see its preview), or the stop did not finish.`);
    return 1;
  }
  return 0;
}
