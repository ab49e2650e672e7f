// Scenarios for the truth oracle: a unit shape × an ending the oracle causes itself, generated from
// a seed. The oracle knows the truth because it made it happen (see truth.ts); every way svctui can
// learn about it (learn.ts) must then show that truth, or say it does not know.

export const ENDINGS = [
  'exit0', // exits 0 by itself
  'exitN', // exits N by itself
  'crash-kill', // kills itself with SIGKILL
  'core', // dumps core (SIGSEGV)
  'outside-term', // kill -TERM from outside (no job)
  'outside-kill', // kill -KILL from outside
  'outside-hup', // kill -HUP from outside
  'stop', // systemctl stop
  'stop-exit0', // systemctl stop of a service that exits 0 on SIGTERM
  'restart', // systemctl restart
  'systemctl-kill', // systemctl kill (SIGTERM, no job)
  'target-stop', // systemctl stop of a target the unit is part of
  'start-timeout', // never becomes ready: TimeoutStartSec
  'stop-timeout', // ignores SIGTERM on stop: TimeoutStopSec, then SIGKILL
  'watchdog', // WatchdogSec without pings
  'start-limit', // fails until StartLimitBurst refuses the next start
  'condition', // ExecCondition fails
] as const;
export type Ending = (typeof ENDINGS)[number];

export const LEARNINGS = [
  'live', // watching live (the TUI's LiveUnits), from before the unit was loaded; no journal
  'list-journal', // a fresh svctui list/history, with the journal
  'list-no-journal', // a fresh svctui list/history, without the journal
  'after-reload', // after a daemon-reload, with the journal
  'after-gc', // after systemd garbage-collected the unit, with the journal
  'after-restart', // after svctui restarted: its own store only (no journal), the unit collected
  'store-unreadable', // the unit collected, no journal, and the store cannot be read: nothing is known
] as const;
export type Learning = (typeof LEARNINGS)[number];

export type ServiceType = 'simple' | 'exec' | 'forking' | 'oneshot' | 'notify';
export type RestartSetting = 'no' | 'on-failure' | 'always' | 'on-abnormal' | 'on-success' | 'on-abort' | 'on-watchdog';

export interface Shape {
  type: ServiceType;
  remainAfterExit: boolean;
  restart: RestartSetting;
  restartSec: number; // ms
  startLimitBurst: number;
  startLimitIntervalSec: number;
  successExitStatus?: number;
  preventExitStatus?: number;
  watchdogMs?: number;
  timeoutStartMs?: number;
  timeoutStopMs?: number;
  execCondition: boolean;
  /** An ExecStopPost= of the unit's own (besides a handler svctui attaches). */
  execStopPost: boolean;
}

export type HandlerTemplate = 'json' | 'on-status' | 'on-failure';
export type HandlerWhen = 'always' | 'not-stopped' | 'failure' | 'statuses' | 'results';

export interface HandlerChoice {
  template: HandlerTemplate;
  when: HandlerWhen;
  statuses: string[];
  results: string[];
}

export interface Scenario {
  seed: number;
  index: number;
  unit: string;
  shape: Shape;
  ending: Ending;
  /** The exit status for exitN (and start-limit's failures). */
  status: number;
  /** A handler svctui attaches before the ending, when set. */
  handler?: HandlerChoice;
}

/** mulberry32: small, seedable, good enough to pick scenarios. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Endings where the main process keeps running until something from outside ends it. */
export const LONG_RUNNING: readonly Ending[] = ['outside-term', 'outside-kill', 'outside-hup', 'stop', 'stop-exit0', 'restart', 'systemctl-kill', 'target-stop', 'stop-timeout', 'watchdog'];

function typesFor(ending: Ending): ServiceType[] {
  if (ending === 'watchdog') return ['notify'];
  if (ending === 'start-timeout') return ['notify', 'oneshot'];
  if (ending === 'stop-timeout') return ['simple', 'exec', 'notify'];
  if (LONG_RUNNING.includes(ending)) return ['simple', 'exec', 'notify', 'forking'];
  if (ending === 'start-limit') return ['simple', 'exec', 'oneshot'];
  return ['simple', 'exec', 'notify', 'forking', 'oneshot'];
}

function restartsFor(type: ServiceType, ending: Ending): RestartSetting[] {
  if (ending === 'start-limit') return type === 'oneshot' ? ['on-failure'] : ['on-failure', 'always'];
  // systemd refuses Restart=always/on-success for Type=oneshot.
  if (type === 'oneshot') return ['no', 'on-failure'];
  if (ending === 'restart') return ['no', 'on-failure'];
  return ['no', 'no', 'on-failure', 'always', 'on-abnormal', 'on-success', 'on-abort', 'on-watchdog'];
}

export function makeScenario(seed: number, index: number, ending?: Ending, options: { staysDown?: boolean } = {}): Scenario {
  const r = rng(seed * 7919 + index * 104729 + 17);
  const e = ending ?? pick(r, ENDINGS);
  const type = pick(r, typesFor(e));
  // Restart=no keeps a unit down after its ending (so it can be collected), except the start limit's.
  const restart = options.staysDown && e !== 'start-limit' ? 'no' : pick(r, restartsFor(type, e));
  const status = pick(r, [1, 2, 3, 7, 42, 64]);
  const shape: Shape = {
    type,
    remainAfterExit: type === 'oneshot' && e !== 'start-limit' && r() < 0.5,
    restart,
    restartSec: pick(r, [100, 300]),
    startLimitBurst: e === 'start-limit' ? 3 : 100,
    startLimitIntervalSec: e === 'start-limit' ? 60 : 10,
    successExitStatus: e === 'exitN' && r() < 0.25 ? status : undefined,
    preventExitStatus: e === 'exitN' && r() < 0.25 ? status : undefined,
    watchdogMs: e === 'watchdog' ? 800 : undefined,
    timeoutStartMs: e === 'start-timeout' ? 800 : undefined,
    timeoutStopMs: e === 'stop-timeout' ? 800 : undefined,
    execCondition: e === 'condition',
    execStopPost: r() < 0.2,
  };
  const handler: HandlerChoice | undefined =
    r() < 0.5
      ? {
          template: pick(r, ['json', 'json', 'on-status', 'on-failure'] as const),
          when: pick(r, ['always', 'not-stopped', 'not-stopped', 'failure', 'statuses', 'results'] as const),
          statuses: [String(status), pick(r, ['KILL', 'TERM', '0', '4', 'HUP'])],
          results: [pick(r, ['exit-code', 'signal', 'timeout', 'watchdog']), pick(r, ['core-dump', 'success', 'exit-code'])],
        }
      : undefined;
  if (handler?.template === 'on-status' && handler.when === 'statuses') handler.when = 'always';
  return { seed, index, unit: `or-${seed}-${index}-${e}.service`, shape, ending: e, status, handler };
}

/** A batch from one seed: `count` scenarios; the first covers every ending once when count allows. */
export function scenarios(seed: number, count: number, options: { everyEnding?: boolean } = {}): Scenario[] {
  const out: Scenario[] = [];
  for (let i = 0; i < count; i++) out.push(makeScenario(seed, i, options.everyEnding && i < ENDINGS.length ? ENDINGS[i] : undefined));
  return out;
}

/** Which ways of learning can apply: the collected ones need a unit that ends and stays down. */
export function learningsFor(s: Scenario, restarted: boolean): Learning[] {
  const staysRunning = restarted || s.ending === 'restart' || (s.shape.remainAfterExit && ['exit0', 'exitN'].includes(s.ending));
  return LEARNINGS.filter((l) => !(['after-gc', 'after-restart', 'store-unreadable'].includes(l) && staysRunning));
}

export function describeScenario(s: Scenario): string {
  const sh = s.shape;
  const extras = [
    sh.remainAfterExit && 'RemainAfterExit=yes',
    `Restart=${sh.restart}`,
    `RestartSec=${sh.restartSec}ms`,
    sh.startLimitBurst !== 100 && `StartLimitBurst=${sh.startLimitBurst}`,
    sh.successExitStatus !== undefined && `SuccessExitStatus=${sh.successExitStatus}`,
    sh.preventExitStatus !== undefined && `RestartPreventExitStatus=${sh.preventExitStatus}`,
    sh.watchdogMs && `WatchdogSec=${sh.watchdogMs}ms`,
    sh.timeoutStartMs && `TimeoutStartSec=${sh.timeoutStartMs}ms`,
    sh.timeoutStopMs && `TimeoutStopSec=${sh.timeoutStopMs}ms`,
    sh.execCondition && 'ExecCondition=',
    sh.execStopPost && 'ExecStopPost=',
  ].filter(Boolean);
  const h = s.handler ? ` handler ${s.handler.template}/${s.handler.when}` : '';
  return `seed ${s.seed} #${s.index} ${s.unit}: Type=${sh.type} ${extras.join(' ')}; ending ${s.ending}${s.ending === 'exitN' || s.ending === 'start-limit' ? ` (${s.status})` : ''}${h}`;
}
