// The systemctl verbs on the command line (svctui start|stop|…|is-enabled UNIT…): one table entry
// each, with systemctl's meaning, output and exit codes, so a script can swap one for the other.
// Exit codes follow systemctl 252 (LSB): 0 done, 1 failed, 3 not applicable / not active,
// 4 no permission, 5 no such unit, 6 not loaded (bad unit file).
import { SystemdError } from '../host/bus.js';
import { globToRegExp, isGlob, mangleUnitName } from '../core/names.js';
import { signalNumber } from '../core/decode.js';
import { CommandError } from './context.js';
import type { JobAction, Systemd, UnitFileChange } from './manager.js';

export type VerbName =
  | 'start'
  | 'stop'
  | 'restart'
  | 'try-restart'
  | 'reload'
  | 'reload-or-restart'
  | 'enable'
  | 'disable'
  | 'mask'
  | 'unmask'
  | 'kill'
  | 'reset-failed'
  | 'is-active'
  | 'is-failed'
  | 'is-enabled';

export interface VerbOptions {
  now: boolean;
  signal?: string;
  killWhom?: string;
  quiet: boolean;
}

export interface VerbIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface VerbSpec {
  name: VerbName;
  /** The help's synopsis and lines. */
  help: [synopsis: string, ...lines: string[]];
  /** Units it needs at least (reset-failed without units resets every failed unit). */
  minUnits: number;
  /** Where a glob is expanded: among loaded units (as systemctl does), or not taken (unit files). */
  globs: 'loaded' | 'refused';
  run: (systemd: Systemd, units: string[], o: VerbOptions, io: VerbIo) => Promise<number>;
}

/** systemctl's exit status for a refused bus call (translate_bus_error_to_exit_status). */
export function busErrorExit(err: SystemdError): number {
  switch (err.dbusName) {
    case 'org.freedesktop.DBus.Error.AccessDenied':
    case 'org.freedesktop.systemd1.OnlyByDependency':
    case 'org.freedesktop.systemd1.NoIsolation':
    case 'org.freedesktop.systemd1.TransactionIsDestructive':
      return 4;
    case 'org.freedesktop.systemd1.NoSuchUnit':
      return 5;
    case 'org.freedesktop.systemd1.JobTypeNotApplicable':
    case 'org.freedesktop.DBus.Error.NotSupported':
      return 3;
    case 'org.freedesktop.systemd1.LoadFailed':
      return 6;
  }
  return err.kind === 'access-denied' || err.kind === 'interactive-auth' ? 4 : 1;
}

/** systemd's own words for a refusal, without the D-Bus error name around them. */
function words(err: SystemdError): string {
  return err.message.replace(/^[A-Z][A-Za-z]+(\(\S*\))?: /, '').replace(/ \(org\.freedesktop\.[\w.]+\)$/, '');
}

const JOB_FAILED: Record<string, string> = {
  failed: 'failed',
  timeout: 'timed out',
  canceled: 'was canceled',
  dependency: 'failed: a dependency failed',
  invalid: 'is not applicable to this unit',
  assert: 'failed: an Assert*= condition failed',
  unsupported: 'is not supported for this unit type',
};

/**
 * Runs the verb on each unit in turn (as systemctl, a failure does not stop the rest). The job
 * verbs translate a refusal to an LSB status; kill and reset-failed say 1, as systemctl does.
 */
async function eachUnit(units: string[], io: VerbIo, verb: string, fn: (unit: string) => Promise<number>, translate = true): Promise<number> {
  let code = 0;
  for (const unit of units) {
    try {
      code = (await fn(unit)) || code;
    } catch (err) {
      if (!(err instanceof SystemdError)) throw err;
      io.err(`Failed to ${verb} ${unit}: ${words(err)}`);
      code = translate ? busErrorExit(err) : 1;
    }
  }
  return code;
}

/** start, stop, restart…: the job runs to its end, as systemctl waits for it; 1 when it did not finish "done". */
function jobVerb(action: JobAction): VerbSpec['run'] {
  return (systemd, units, _o, io) =>
    eachUnit(units, io, action, async (unit) => {
      const result = await systemd.runJob(action, unit);
      if (result === 'done' || result === 'skipped') return 0;
      io.err(`Job for ${unit} ${JOB_FAILED[result] ?? `ended with "${result}"`}. See "svctui status ${unit}" and "svctui history ${unit}" for details.`);
      return 1;
    });
}

/** What changed on disk, as systemctl says it (Created symlink …, Removed …). */
function sayChanges(changes: UnitFileChange[], io: VerbIo): void {
  for (const c of changes) {
    if (c.type === 'symlink') io.err(`Created symlink ${c.file} → ${c.destination}.`);
    else if (c.type === 'unlink') io.err(`Removed "${c.file}".`);
  }
}

function fileVerb(kind: 'enable' | 'disable' | 'mask' | 'unmask'): VerbSpec['run'] {
  return async (systemd, units, o, io) => {
    try {
      sayChanges(await systemd[kind](units), io);
    } catch (err) {
      if (!(err instanceof SystemdError)) throw err;
      io.err(`Failed to ${kind} unit: ${words(err)}`);
      return 1;
    }
    if (!o.now || (kind !== 'enable' && kind !== 'disable')) return 0;
    return jobVerb(kind === 'enable' ? 'start' : 'stop')(systemd, units, o, io);
  };
}

const ACTIVE_GOOD = new Set(['active', 'reloading', 'refreshing']);
const ENABLED_GOOD = new Set(['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated', 'transient']);

/** A unit's ActiveState without loading it: a unit systemd does not hold is inactive. */
async function activeState(systemd: Systemd, unit: string): Promise<string> {
  const p = await systemd.unitPropertiesIfLoaded(unit);
  return p ? String(p.ActiveState ?? 'unknown') : 'inactive';
}

function stateQuery(good: (state: string) => boolean, noneExit: number): VerbSpec['run'] {
  return async (systemd, units, o, io) => {
    let any = false;
    for (const unit of units) {
      const state = await activeState(systemd, unit);
      if (!o.quiet) io.out(state);
      any ||= good(state);
    }
    return any ? 0 : noneExit;
  };
}

async function isEnabled(systemd: Systemd, units: string[], o: VerbOptions, io: VerbIo): Promise<number> {
  let any = false;
  let code = 0;
  for (const unit of units) {
    try {
      const state = await systemd.unitFileState(unit);
      if (!o.quiet) io.out(state);
      any ||= ENABLED_GOOD.has(state);
    } catch (err) {
      if (!(err instanceof SystemdError)) throw err;
      io.err(`Failed to get unit file state for ${unit}: ${words(err)}`);
      code = 1;
    }
  }
  return any ? 0 : code || 1;
}

const KILL_WHOM = ['main', 'control', 'all'] as const;

async function kill(systemd: Systemd, units: string[], o: VerbOptions, io: VerbIo): Promise<number> {
  const signal = signalNumber(o.signal ?? 'TERM');
  if (signal === undefined) throw new CommandError(`--signal takes a signal name or number such as TERM, HUP, KILL or 9, not "${o.signal}"`, 1);
  const whom = o.killWhom ?? 'all';
  if (!(KILL_WHOM as readonly string[]).includes(whom)) throw new CommandError(`--kill-whom takes main, control or all, not "${whom}"`, 1);
  return eachUnit(
    units,
    io,
    'kill unit',
    async (unit) => {
      await systemd.kill(unit, whom as (typeof KILL_WHOM)[number], signal);
      return 0;
    },
    false,
  );
}

async function resetFailed(systemd: Systemd, units: string[], _o: VerbOptions, io: VerbIo): Promise<number> {
  if (units.length === 0) {
    await systemd.resetAllFailed();
    return 0;
  }
  return eachUnit(
    units,
    io,
    'reset failed state of unit',
    async (unit) => {
      await systemd.resetFailed(unit);
      return 0;
    },
    false,
  );
}

export const VERBS: readonly VerbSpec[] = [
  { name: 'start', help: ['start UNIT...', 'Start units and wait for their start jobs (as systemctl start)'], minUnits: 1, globs: 'loaded', run: jobVerb('start') },
  { name: 'stop', help: ['stop UNIT...', 'Stop units and wait for their stop jobs'], minUnits: 1, globs: 'loaded', run: jobVerb('stop') },
  { name: 'restart', help: ['restart UNIT...', 'Restart units (start those that are not running)'], minUnits: 1, globs: 'loaded', run: jobVerb('restart') },
  { name: 'try-restart', help: ['try-restart UNIT...', 'Restart units that are running; leave the others'], minUnits: 1, globs: 'loaded', run: jobVerb('try-restart') },
  { name: 'reload', help: ['reload UNIT...', 'Reload units (ExecReload=; exit 3 when a unit cannot reload)'], minUnits: 1, globs: 'loaded', run: jobVerb('reload') },
  { name: 'reload-or-restart', help: ['reload-or-restart UNIT...', 'Reload units that can, restart the others'], minUnits: 1, globs: 'loaded', run: jobVerb('reload-or-restart') },
  { name: 'enable', help: ['enable UNIT... [--now]', 'Enable unit files (their [Install] links); --now starts them too'], minUnits: 1, globs: 'refused', run: fileVerb('enable') },
  { name: 'disable', help: ['disable UNIT... [--now]', 'Disable unit files; --now stops them too'], minUnits: 1, globs: 'refused', run: fileVerb('disable') },
  { name: 'mask', help: ['mask UNIT...', 'Link unit files to /dev/null: they cannot be started'], minUnits: 1, globs: 'refused', run: fileVerb('mask') },
  { name: 'unmask', help: ['unmask UNIT...', 'Undo mask'], minUnits: 1, globs: 'refused', run: fileVerb('unmask') },
  { name: 'kill', help: ['kill UNIT... [--signal SIG]', "Send a signal (default TERM) to the units' processes; --kill-whom main,", 'control or all (default)'], minUnits: 1, globs: 'loaded', run: kill },
  { name: 'reset-failed', help: ['reset-failed [UNIT...]', 'Forget the failed state (and the start-limit count) of units, or of all'], minUnits: 0, globs: 'loaded', run: resetFailed },
  { name: 'is-active', help: ['is-active UNIT...', "Print each unit's active state; exit 0 when one is active, else 3"], minUnits: 1, globs: 'loaded', run: stateQuery((s) => ACTIVE_GOOD.has(s), 3) },
  { name: 'is-failed', help: ['is-failed UNIT...', "Print each unit's active state; exit 0 when one has failed, else 1"], minUnits: 1, globs: 'loaded', run: stateQuery((s) => s === 'failed', 1) },
  { name: 'is-enabled', help: ['is-enabled UNIT...', "Print each unit file's enablement; exit 0 when one is enabled (or static…)"], minUnits: 1, globs: 'refused', run: isEnabled },
];

export const verbNamed = (name: string): VerbSpec | undefined => VERBS.find((v) => v.name === name);

/**
 * The units a verb acts on: names mangled as systemctl does (nginx: nginx.service); globs matched
 * against the loaded units (a glob that matches none is no unit, as with systemctl).
 */
export async function verbUnits(systemd: Systemd, verb: { name: string; globs: VerbSpec['globs'] }, args: string[]): Promise<string[]> {
  const globs = args.filter(isGlob);
  if (globs.length && verb.globs === 'refused') throw new CommandError(`${verb.name} takes unit names, not patterns ("${globs[0]}"): name each unit`, 1);
  const names = args.filter((a) => !isGlob(a)).map(mangleUnitName);
  if (!globs.length) return names;
  const loaded = await systemd.listLoadedUnits();
  const res = globs.map(globToRegExp);
  return [...new Set([...names, ...loaded.map((u) => u.name).filter((n) => res.some((re) => re.test(n)))])];
}
