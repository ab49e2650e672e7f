// Runs of a unit (one per invocation): when they started and ended, how, and why. Built from the
// journal's structured records, from what svctui saw live, and from its own store, merged by
// invocation id. Pure: the callers do the reading.
import { exitCodeKind, invocationHex, signalName } from '../decode.js';
import { judgeRun, type RunVerdict } from './stopReason.js';

export type RunSource = 'journal' | 'live' | 'dbus' | 'store';

export interface Run {
  unit: string;
  /** 32 hex digits; runs without one (rare: very old records) get a synthetic "t<start>" id. */
  invocationId: string;
  startUs?: bigint;
  endUs?: bigint;
  /** 1 exited, 2 killed, 3 dumped (ExecMainCode); undefined when no exit is known. */
  exitCode?: number;
  exitStatus?: number;
  /** systemd's Result for the run ('success' included); undefined when not known. */
  result?: string;
  /** A stop or restart job ran while the main process ended: true/false when known. */
  stopJob?: boolean;
  /** Type of the job that ended the run (stop, restart), when one did. */
  jobType?: string;
  /** systemd refused the next start (start limit), per the journal or seen live. */
  startLimitHit?: boolean;
  /** Only inferred: the unit stays failed although Restart= would restart it (see unitRuns). */
  startLimitLikely?: boolean;
  /** systemd scheduled an automatic restart after this run (Restart=), with the counter. */
  autoRestart?: number;
  /** The run is still going on (true), known to be over (false), or unknown. */
  running?: boolean;
  /** The manager logged a clean end ("Deactivated successfully"). */
  cleanEnd?: boolean;
  sources: RunSource[];
}

/** The JSON shape of a run: stable names, no bigints. */
export function runToJson(r: Run) {
  const v = verdict(r);
  const iso = (us?: bigint) => (us && us > 0n ? new Date(Number(us / 1000n)).toISOString() : null);
  return {
    unit: r.unit,
    invocationId: r.invocationId,
    start: iso(r.startUs),
    end: iso(r.endUs),
    durationMs: r.startUs && r.endUs && r.endUs >= r.startUs ? Number((r.endUs - r.startUs) / 1000n) : null,
    running: Boolean(r.running),
    lastExit: v.lastExit,
    stopReason: v.reason,
    exitCode: r.exitCode ? (exitCodeKind(r.exitCode) ?? null) : null,
    exitStatus: r.exitCode ? (r.exitStatus ?? null) : null,
    result: r.result ?? null,
    endedBy: v.endedBy,
    autoRestart: r.autoRestart ?? null,
    sources: r.sources,
  };
}

/**
 * Whether what D-Bus alone says of a run leaves its ending open ("exited?", "stopped?", "unknown",
 * or a success that a reset-failed may have put there): then the journal is asked.
 */
export function endingOpen(run: Run | undefined): boolean {
  if (!run) return true;
  if (run.running) return false;
  const v = verdict(run);
  return v.reason.endsWith('?') || v.reason === 'unknown' || v.lastExit === '?';
}

/** LAST EXIT, STOP REASON and ENDED BY of one run (the shared rule, model/stopReason.ts). */
export function verdict(r: Run): RunVerdict {
  // Clean exits are logged at debug level only: a run can be known to be over without its exit.
  return judgeRun({
    running: r.running === true,
    exitCode: r.exitCode,
    exitStatus: r.exitStatus,
    result: r.result ?? (r.cleanEnd ? 'success' : undefined),
    stopJob: r.stopJob,
    jobType: r.jobType,
    startLimitHit: r.startLimitHit,
    startLimitLikely: r.startLimitLikely,
  });
}

/** Fields of a journal record that matter for runs (flattened like journalctl -o json). */
export interface ManagerRecord {
  realtimeUs: bigint;
  fields: Record<string, string>;
}

export const MESSAGE_IDS = {
  jobStartBegun: '7d4958e842da4a758f6c1cdc7b36dcc5',
  jobStartDone: '39f53479d3a045ac8e11786248231fbf',
  jobStartFailed: 'be02cf6855d2428ba40df7e9d022f03d',
  jobStopBegun: 'de5b426a63be47a7b6ac3eaac82e2f6f',
  jobStopDone: '9d1aaa27d60140bd96365438aad20286',
  processExited: '98e322203f7a4ed290d09fe03c09fe15',
  unitFailed: 'd9b373ed55a64feb8242e02dbe79a49c',
  unitSucceeded: '7ad2d189f7e94e70a38c781354912448',
  skippedByCondition: '0e4284a0caca4bfc81c0bb6786972673',
  autoRestart: '5eb03494b6584870a536b337290809b3',
  oomKill: 'fe6faa94e7774663a0da52717891d8ef',
} as const;

/** The CODE_FUNC of the start-limit message, which has no MESSAGE_ID on 252. */
export const START_LIMIT_CODE_FUNC = 'unit_test_start_limit';

const SIGNAL_NUMBERS = new Map(Array.from({ length: 64 }, (_, i) => [signalName(i + 1), i + 1] as const));

function exitFromRecord(f: Record<string, string>): { code?: number; status?: number } {
  const code = f.EXIT_CODE === 'exited' ? 1 : f.EXIT_CODE === 'killed' ? 2 : f.EXIT_CODE === 'dumped' ? 3 : undefined;
  if (code === undefined) return {};
  const raw = f.EXIT_STATUS ?? '';
  const status = /^\d+$/.test(raw) ? Number(raw) : SIGNAL_NUMBERS.get(raw.replace(/^SIG/, ''));
  return { code, status };
}

/** When the record was sent (its _SOURCE_REALTIME_TIMESTAMP), else when journald received it. */
export function senderTimeUs(r: ManagerRecord): bigint {
  const source = r.fields._SOURCE_REALTIME_TIMESTAMP;
  return source && /^[1-9]\d*$/.test(source) ? BigInt(source) : r.realtimeUs;
}

/**
 * Runs from the manager's journal records about units (user or system manager). Records are
 * grouped by invocation id; a stop job that began before the main process ended marks the run as
 * stopped by request (an automatic restart's job comes only after the exit and does not).
 */
export function runsFromRecords(records: ManagerRecord[], scope: 'system' | 'user'): Map<string, Run[]> {
  const unitKey = scope === 'user' ? 'USER_UNIT' : 'UNIT';
  const invKey = scope === 'user' ? 'USER_INVOCATION_ID' : 'INVOCATION_ID';
  const byUnit = new Map<string, Map<string, Run & { stopBegunUs?: bigint; exitUs?: bigint; startSeen?: boolean }>>();
  // The manager's own time for each record (journald's receive time lags under load), so that
  // records compare with the manager's timestamps on D-Bus (ExecMainStartTimestamp and the like).
  const timed = records.map((r) => ({ t: senderTimeUs(r), f: r.fields }));
  const sorted = timed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  for (const { t, f } of sorted) {
    const unit = f[unitKey];
    if (!unit) continue;
    const inv = f[invKey] || '';
    if (!inv) continue;
    let runs = byUnit.get(unit);
    if (!runs) byUnit.set(unit, (runs = new Map()));
    let run = runs.get(inv);
    if (!run) runs.set(inv, (run = { unit, invocationId: inv, sources: ['journal'] }));
    const id = f.MESSAGE_ID;
    if (id === MESSAGE_IDS.jobStartBegun || id === MESSAGE_IDS.jobStartDone) {
      // The run began with "Starting…". "Started." comes when it is up, which for Type=notify,
      // forking or oneshot can be long after: it is not when the run began. Without "Starting…"
      // (rate-limited, or lost), when it began is not known.
      if (id === MESSAGE_IDS.jobStartBegun && run.startUs === undefined) run.startUs = t;
      run.startSeen = true;
    } else if (id === MESSAGE_IDS.jobStopBegun) {
      if (run.exitUs === undefined) {
        run.stopBegunUs = t;
        run.jobType = f.JOB_TYPE || 'stop';
      }
    } else if (id === MESSAGE_IDS.jobStopDone) {
      run.endUs ??= t;
      if (run.stopBegunUs !== undefined) run.stopJob = true;
      // "Stopping…" says JOB_TYPE=stop even for a restart; "Stopped." names the real job.
      if (f.JOB_TYPE === 'restart') run.jobType = 'restart';
    } else if (id === MESSAGE_IDS.processExited) {
      // Only the main process's exit, not those of ExecStartPre=, ExecStopPost= and the like.
      const exit = exitFromRecord(f);
      if (exit.code !== undefined && /Main process exited/.test(f.MESSAGE ?? '')) {
        run.exitCode = exit.code;
        run.exitStatus = exit.status;
        run.exitUs = t;
        run.endUs ??= t;
        run.stopJob = run.stopBegunUs !== undefined;
      }
    } else if (id === MESSAGE_IDS.unitFailed || id === MESSAGE_IDS.skippedByCondition) {
      if (f.UNIT_RESULT && f.UNIT_RESULT !== 'success') run.result = f.UNIT_RESULT;
      run.endUs ??= t;
    } else if (id === MESSAGE_IDS.unitSucceeded) {
      run.endUs ??= t;
      run.cleanEnd = true;
      run.result ??= 'success';
    } else if (id === MESSAGE_IDS.autoRestart) {
      run.autoRestart = Number(f.N_RESTARTS || '0') || undefined;
      if (run.stopBegunUs === undefined) run.stopJob = false;
    } else if (id === MESSAGE_IDS.oomKill) {
      run.result = 'oom-kill';
    } else if (f.CODE_FUNC === START_LIMIT_CODE_FUNC) {
      run.startLimitHit = true;
    }
  }
  const out = new Map<string, Run[]>();
  for (const [unit, runs] of byUnit) {
    out.set(
      unit,
      [...runs.values()].map(({ stopBegunUs, exitUs: _e, startSeen, ...r }) => ({
        ...r,
        // Job begin messages are logged at info level: a run whose start we saw without one had no stop job.
        stopJob: r.stopJob ?? (stopBegunUs === undefined && startSeen ? false : undefined),
      })),
    );
  }
  return out;
}

/** What a run history knows of one unit's runs, by source (plain data). */
export interface KnownRuns {
  live: Run[];
  journal: Run[];
  stored: Run[];
}

/**
 * A unit's runs, newest first: what is known of it, and its current run as D-Bus tells it (the
 * best source for it). Every run but the newest is over.
 */
export function unitRunsOf(known: KnownRuns | undefined, current?: Run): Run[] {
  const merged = mergeRuns(known?.live ?? [], current ? [current] : [], known?.journal ?? [], known?.stored ?? []);
  // The invocation D-Bus calls current is the newest, whatever the timestamps say: an earlier
  // run's last journal record can be received after the new main process started (journald's
  // receive time under load), and a run whose start is not known sorts by its end.
  const at = current ? merged.findIndex((r) => r.invocationId === current.invocationId) : -1;
  if (at > 0) merged.unshift(...merged.splice(at, 1));
  return merged.map((r, i) => (i > 0 && r.running === undefined ? { ...r, running: false } : r));
}

/** Merges runs of one unit from several sources, by invocation id; newest first. */
export function mergeRuns(...lists: Run[][]): Run[] {
  const byId = new Map<string, Run>();
  for (const list of lists) {
    for (const r of list) {
      const prev = byId.get(r.invocationId);
      // Earlier lists are better sources: keep their values, fill the gaps from later ones.
      byId.set(r.invocationId, prev ? fillGaps(prev, r) : { ...r, sources: [...r.sources] });
    }
  }
  return [...byId.values()].sort(newestFirst);
}

const newestFirst = (a: Run, b: Run) => Number((b.startUs ?? b.endUs ?? 0n) - (a.startUs ?? a.endUs ?? 0n));

/** `better`'s fields where set, `worse`'s where not (a run is merged on every signal of a storm: no spreads of entries). */
function fillGaps(better: Run, worse: Run): Run {
  const merged = { ...worse } as Record<string, unknown>;
  const from = better as unknown as Record<string, unknown>;
  for (const k in from) if (from[k] !== undefined) merged[k] = from[k];
  const run = merged as unknown as Run;
  // Within one invocation systemd's Result goes from success to a failure when the run ends, and
  // back to success only by reset-failed, which forgets how it ended but changes nothing about it:
  // a failure that was seen (live, the journal's "failed" record, the store) stays.
  if (better.result === 'success' && worse.result !== undefined && worse.result !== 'success') run.result = worse.result;
  run.sources = worse.sources.every((s) => better.sources.includes(s)) ? [...better.sources] : [...new Set([...better.sources, ...worse.sources])];
  if (better.running === undefined && worse.running !== undefined) run.running = worse.running;
  return run;
}

/**
 * A new observation of one run merged into a unit's runs (newest first): the newest observation
 * wins, what it does not say is kept. Only that run is merged; the others are kept as they are.
 */
export function observeRun(runs: readonly Run[], run: Run, keep: number): Run[] {
  const i = runs.findIndex((r) => r.invocationId === run.invocationId);
  if (i < 0) return [{ ...run, sources: [...run.sources] }, ...runs].sort(newestFirst).slice(0, keep);
  // First among equals, as mergeRuns([run], runs) would put it; its start may have become known.
  const next = [fillGaps(run, runs[i]!), ...runs.slice(0, i), ...runs.slice(i + 1)];
  return (next.length > 1 ? next.sort(newestFirst) : next).slice(0, keep);
}

/** The run D-Bus describes now (the current invocation's ExecMain* and Result). */
export function runFromProperties(unit: string, p: Record<string, unknown>): Run | undefined {
  const invocationId = invocationHex(p.InvocationID) ?? '';
  if (!invocationId) return undefined;
  const code = typeof p.ExecMainCode === 'number' ? p.ExecMainCode : 0;
  const start = typeof p.ExecMainStartTimestamp === 'bigint' ? p.ExecMainStartTimestamp : 0n;
  const active = p.ActiveState === 'active' || p.ActiveState === 'activating' || p.ActiveState === 'reloading' || p.ActiveState === 'deactivating';
  const autoRestart = p.SubState === 'auto-restart';
  const end = typeof p.ExecMainExitTimestamp === 'bigint' && p.ExecMainExitTimestamp > 0n ? p.ExecMainExitTimestamp : undefined;
  return {
    unit,
    invocationId,
    startUs: start || undefined,
    endUs: end,
    exitCode: code || undefined,
    exitStatus: code ? (p.ExecMainStatus as number) : undefined,
    result: typeof p.Result === 'string' && p.Result ? p.Result : undefined,
    // The main process (or, for units without one, the activation) is still going on.
    running: active && !autoRestart && code === 0 ? true : active && !autoRestart ? undefined : false,
    // Still active after its main process exited (RemainAfterExit=), or restarting on its own:
    // no stop or restart job ended it.
    stopJob: code !== 0 && (autoRestart || (active && p.ActiveState !== 'deactivating')) ? false : undefined,
    sources: ['dbus'],
  };
}
