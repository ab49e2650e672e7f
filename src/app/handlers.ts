// ExecStopPost= handlers on a real manager: list them with their source file and last run, check an
// executable is safe to run as the unit, simulate a handler in a transient unit, attach, detach.
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path/posix';
import { decodeExecCommands, describeExecFlags, execPrefix, formatCodeStatus, signalName, type ExecCommand } from '../core/decode.js';
import type { Systemd } from './manager.js';
import { catUnit, dropInPath, readIfExists, removeDropIn, unitDirs, unitSources, withPrivateDir, writeUnitText } from './unitFiles.js';
import { checkTrustedPath } from '../host/files.js';
import { execPathProblem } from '../core/quoting.js';
import type { Host } from '../host/host.js';
import { dropInName, HANDLER_NAME_RE, handlerDropIn, handlerScript, scenarios, TEMPLATE_WORDS, type HandlerSpec, type Scenario } from '../core/model/handlers.js';

const SERVICE_IFACE = 'org.freedesktop.systemd1.Service';

export class HandlerError extends Error {
  override name = 'HandlerError';
}

export interface ExistingHandler {
  command: ExecCommand;
  /** The file its ExecStopPost= line is in. */
  source?: string;
  prefixWords: string[];
  /** "pid 123 at …: code=exited, status=0/SUCCESS", like systemctl's Process: lines. */
  lastRun?: string;
  /** The svctui handler name when it is one of ours. */
  svctuiName?: string;
}

/** Where generated scripts go: /etc/svctui/handlers or $XDG_CONFIG_HOME/svctui/handlers (the manager's). */
export async function handlersDir(systemd: Systemd): Promise<string> {
  if (systemd.scope === 'system') return '/etc/svctui/handlers';
  const dirs = await unitDirs(systemd);
  // persistent = $XDG_CONFIG_HOME/systemd/user
  return join(dirname(dirname(dirs.persistent)), 'svctui', 'handlers');
}

/** Which file each ExecStopPost= comes from, in order (an empty assignment resets the list). */
async function execStopPostSources(files: { path: string; text: string }[]): Promise<string[]> {
  let sources: string[] = [];
  for (const f of files) {
    let section = '';
    for (const raw of f.text.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('[')) section = line;
      else if (section === '[Service]' && /^ExecStopPost\s*=/.test(line)) {
        const value = line.slice(line.indexOf('=') + 1).trim();
        if (value === '') sources = [];
        else sources.push(f.path);
      }
    }
  }
  return sources;
}

export async function listHandlers(systemd: Systemd, unit: string): Promise<ExistingHandler[]> {
  const [ex, sources] = await Promise.all([systemd.unitProperty(unit, SERVICE_IFACE, 'ExecStopPostEx'), unitSources(systemd, unit)]);
  const commands = decodeExecCommands('ExecStopPostEx', ex);
  const files = await execStopPostSources(await catUnit(systemd.host.files, sources));
  return commands.map((command, i) => {
    const source = files[i];
    const ours = source ? /50-svctui-handler-([A-Za-z0-9_-]+)\.conf$/.exec(source)?.[1] : undefined;
    const lastRun =
      command.code !== 0
        ? `pid ${command.pid} at ${new Date(Number(command.exitTimestampUs / 1000n)).toISOString()}: ${formatCodeStatus(command.code, command.status)}`
        : undefined;
    return { command, source, prefixWords: describeExecFlags(command), lastRun, svctuiName: ours };
  });
}

export function describeHandler(h: ExistingHandler): string {
  const prefix = execPrefix(h.command);
  const words = h.prefixWords.length ? ` [${h.prefixWords.join('; ')}]` : '';
  return `ExecStopPost=${prefix}${h.command.argv.join(' ')}${words}\n    from ${h.source ?? 'unknown file'}${h.svctuiName ? ` (svctui handler "${h.svctuiName}")` : ''}\n    last run: ${h.lastRun ?? 'not since the unit was loaded'}`;
}

export interface ExecutableCheck {
  /** The path with symlinks resolved: what the drop-in names, so swapping a link later changes nothing. */
  resolved: string;
  problems: string[];
}

/**
 * Whether an executable is safe to have systemd run as the unit (as root, often): a regular,
 * executable file that no other user can change or replace — see checkTrustedPath.
 */
export async function checkExecutable(host: Host, path: string): Promise<ExecutableCheck> {
  const { resolved, problems } = await checkTrustedPath(host.files, host.identity.uid, path);
  if (problems.length) return { resolved, problems };
  const st = await host.files.stat(resolved);
  if (st?.type !== 'file') problems.push(`${resolved} is not a regular file`);
  else if ((st.mode & 0o111) === 0) problems.push(`${resolved} is not executable (chmod 755 it)`);
  return { resolved, problems };
}

/**
 * Whether the json template may append to this file as root: no other user may be able to put a
 * symlink or another file at that name, now or later (see checkTrustedPath; a file that does not
 * exist yet must be in a folder only root or you can write to).
 */
export function checkAppendFile(host: Host, path: string): Promise<ExecutableCheck> {
  return checkTrustedPath(host.files, host.identity.uid, path, { mayNotExist: true });
}

/** Whether a script says it honours SVCTUI_DRY_RUN (so that simulating it is harmless). */
export async function declaresDryRun(host: Host, path: string): Promise<boolean> {
  try {
    return ((await host.files.read(path)) ?? '').includes('SVCTUI_DRY_RUN');
  } catch {
    return false;
  }
}

export interface SimulationRow {
  scenario: Scenario;
  acts: boolean;
  output: string;
  result: string;
}

/**
 * Runs the handler once per scenario as a transient unit of the same manager, with the unit's
 * user, group, environment and working directory, the three variables, and SVCTUI_DRY_RUN=1.
 */
export async function simulate(systemd: Systemd, unit: string, executable: string, list: Scenario[]): Promise<SimulationRow[]> {
  const p = await systemd.unitInterfaceProperties(unit, SERVICE_IFACE);
  return withRunnableDir(systemd.host, 'svctui-sim-', async (dir) => {
    const rows: SimulationRow[] = [];
      for (const scenario of list) {
        const out = join(dir, `${rows.length}.out`);
        const name = `svctui-simulate-${randomBytes(5).toString('hex')}.service`;
        const env = [
        ...((p.Environment as string[]) ?? []),
        `SERVICE_RESULT=${scenario.serviceResult}`,
        `EXIT_CODE=${scenario.exitCode}`,
        `EXIT_STATUS=${scenario.exitStatus}`,
        'SVCTUI_DRY_RUN=1',
        // Whether a stop job is running, which a transient unit cannot have for real.
        `SVCTUI_SIM_STOP_JOB=${scenario.stopJob ? 1 : 0}`,
      ];
        const props = [
          { name: 'Description', signature: 's', value: `svctui simulation of ${unit}'s handler (${scenario.name})` },
          { name: 'Type', signature: 's', value: 'oneshot' },
          { name: 'ExecStart', signature: 'a(sasb)', value: [[executable, [executable, unit], false]] },
          { name: 'Environment', signature: 'as', value: env },
          { name: 'StandardOutput', signature: 's', value: 'file' },
          { name: 'StandardOutputFile', signature: 's', value: out },
          { name: 'StandardError', signature: 's', value: 'inherit' },
          { name: 'CollectMode', signature: 's', value: 'inactive-or-failed' },
          ...(p.User ? [{ name: 'User', signature: 's', value: p.User }] : []),
          ...(p.Group ? [{ name: 'Group', signature: 's', value: p.Group }] : []),
          ...(typeof p.WorkingDirectory === 'string' && p.WorkingDirectory.startsWith('/') ? [{ name: 'WorkingDirectory', signature: 's', value: p.WorkingDirectory }] : []),
        ];
        const result = await systemd.startTransient(name, props);
        const output = (await readIfExists(systemd.host.files, out)).trim();
        rows.push({ scenario, acts: /: would act \(/.test(output), output, result });
      }
    return rows;
  });
}

/** A private folder a unit's User= can run a script from (0755; see unitFiles' withPrivateDir). */
export function withRunnableDir<T>(host: Host, prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  return withPrivateDir(host, prefix, 0o755, fn);
}

/** A handler that runs an existing executable instead of a generated script. */
export interface ExecHandler {
  unit: string;
  name: string;
  exec: string;
  ignoreFailure: boolean;
  privileged: boolean;
}

export interface AttachPlan {
  dropInPath: string;
  dropInText: string;
  /** The script svctui writes (generated templates), or undefined for an existing executable. */
  script?: { path: string; text: string };
  executable: string;
}

/** The stops that can happen to this unit (its KillSignal, Type, watchdog…), for the simulation. */
export async function simulationScenarios(systemd: Systemd, unit: string, statuses: string[]): Promise<Scenario[]> {
  const p = await systemd.unitInterfaceProperties(unit, SERVICE_IFACE);
  const success = Array.isArray(p.SuccessExitStatus) ? ((p.SuccessExitStatus as number[][])[0] ?? []) : [];
  const commands = (name: string) => Array.isArray(p[name]) && (p[name] as unknown[]).length > 0;
  return scenarios(
    {
      stopSignal: signalName(Number(p.KillSignal ?? 15)),
      type: String(p.Type ?? 'simple'),
      // 0: no watchdog. A unit that is not running reports infinity whatever WatchdogSec= says:
      // then a watchdog may be configured, and its row stays.
      watchdog: p.WatchdogUSec !== 0n,
      startCommands: commands('ExecStartPre') || commands('ExecStartPost'),
      successStatuses: success,
      execCondition: commands('ExecCondition'),
    },
    statuses,
  );
}

export async function planAttach(systemd: Systemd, spec: HandlerSpec | ExecHandler): Promise<AttachPlan> {
  const dirs = await unitDirs(systemd);
  const path = dropInPath(dirs, spec.unit, { name: dropInName(spec.name) });
  if ('exec' in spec) {
    return { dropInPath: path, dropInText: handlerDropIn(spec, spec.exec, `runs ${spec.exec}`), executable: spec.exec };
  }
  const scriptPath = join(await handlersDir(systemd), scriptFileName(spec.unit, spec.name));
  return {
    dropInPath: path,
    dropInText: handlerDropIn(spec, scriptPath, TEMPLATE_WORDS[spec.template]),
    script: { path: scriptPath, text: handlerScript(spec) },
    executable: scriptPath,
  };
}

/**
 * The generated script's file name: UNIT--NAME.sh. A unit name systemd would read differently in a
 * command line (a \x2d escape, a %, a character outside letters, digits and ._@:-) or one too long
 * for a file name gets a plain name with a hash of the real one, so two units never share a script.
 */
export function scriptFileName(unit: string, name: string): string {
  const plain = `${unit}--${name}.sh`;
  if (/^[A-Za-z0-9._@:-]+$/.test(unit) && Buffer.byteLength(plain) <= 200) return plain;
  const hash = createHash('sha256').update(plain).digest('hex').slice(0, 16);
  const readable = unit.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/[^A-Za-z0-9._@:-]/g, '_');
  return `${readable.slice(0, 120)}-${hash}--${name}.sh`;
}

/**
 * Writes the generated script where it will live (0755, its folder 0755, whatever the umask). The
 * folder is judged before anything is written in it (the nearest one that exists, when it is to be
 * made), and the script after: nobody else may be able to change or swap it.
 */
export async function installScript(host: Host, plan: AttachPlan): Promise<void> {
  if (!plan.script) return;
  const folder = await checkTrustedPath(host.files, host.identity.uid, dirname(plan.script.path), { mayNotExist: true, missingParents: true });
  if (folder.problems.length) throw new HandlerError(`refusing to write ${plan.script.path}: ${folder.problems.join('; ')}`);
  await host.files.writeAtomic(plan.script.path, plan.script.text, { mode: 0o755, dirMode: 0o755 });
  const check = await checkExecutable(host, plan.script.path);
  if (check.problems.length) throw new HandlerError(`refusing to run ${plan.script.path} as a handler: ${check.problems.join('; ')}`);
  if (check.resolved !== plan.script.path) throw new HandlerError(`refusing to run ${plan.script.path} as a handler: it resolves to ${check.resolved}`);
}

/**
 * Runs fn with the executable a plan would attach, for the preview's simulation: a generated script
 * is written to a private temporary folder (never to the attached handlers' paths), an existing
 * executable is used where it is. The temporary copy is removed on every way out.
 */
export async function withPreview<T>(host: Host, plan: AttachPlan, fn: (executable: string) => Promise<T>): Promise<T> {
  if (!plan.script) return fn(plan.executable);
  const script = plan.script;
  return withRunnableDir(host, 'svctui-preview-', async (dir) => {
    const path = join(dir, script.path.slice(script.path.lastIndexOf('/') + 1));
    await host.files.writeAtomic(path, script.text, { mode: 0o755 });
    return fn(path);
  });
}

/**
 * Writes the drop-in, reloads, and confirms from ExecStopPost that systemd runs exactly what was
 * meant: the path and argv it reports must be the executable and the unit's name. Otherwise what
 * was written is taken back (the previous drop-in and script restored, or removed), the manager is
 * reloaded again, and the error says what systemd made of the line.
 */
export async function attach(systemd: Systemd, unit: string, plan: AttachPlan): Promise<void> {
  const { files } = systemd.host;
  const problem = execPathProblem(plan.executable);
  if (problem) throw new HandlerError(`refusing to attach: ${problem}`);
  const previous = { dropIn: await files.read(plan.dropInPath).catch(() => undefined), script: plan.script ? await files.read(plan.script.path).catch(() => undefined) : undefined };
  const undo = async () => {
    if (previous.dropIn === undefined) await removeDropIn(files, plan.dropInPath).catch(() => undefined);
    else await writeUnitText(files, plan.dropInPath, previous.dropIn).catch(() => undefined);
    if (plan.script && previous.script === undefined) await files.remove(plan.script.path).catch(() => undefined);
    else if (plan.script && previous.script !== undefined) await files.writeAtomic(plan.script.path, previous.script, { mode: 0o755 }).catch(() => undefined);
  };
  try {
    await installScript(systemd.host, plan);
    await writeUnitText(files, plan.dropInPath, plan.dropInText);
    await systemd.daemonReload();
  } catch (err) {
    await undo();
    await systemd.daemonReload().catch(() => undefined);
    throw err;
  }
  const handlers = await listHandlers(systemd, unit).catch(() => []);
  const mine = handlers.find((h) => h.source === plan.dropInPath);
  const exact = mine && mine.command.path === plan.executable && mine.command.argv.length === 2 && mine.command.argv[0] === plan.executable && mine.command.argv[1] === unit;
  if (exact) return;
  await undo();
  await systemd.daemonReload().catch(() => undefined);
  const seen = mine ? `systemd read it as ${JSON.stringify([mine.command.path, ...mine.command.argv.slice(1)])}` : 'systemd did not take the line';
  throw new HandlerError(`${unit}'s ExecStopPost would not run exactly ${plan.executable} ${unit} (${seen}); the drop-in ${plan.dropInPath} was taken back and the manager reloaded, so nothing changed`);
}

/**
 * Removes the handler's drop-in (and the script svctui generated for it), reloads, confirms. Only a
 * name that `handler list` shows as one of svctui's handlers of this unit is accepted: the files
 * removed are the ones systemd itself reports for the unit, never a path made from the argument.
 */
export async function detach(systemd: Systemd, unit: string, name: string): Promise<string[]> {
  const ours = (await listHandlers(systemd, unit)).filter((h) => h.svctuiName);
  const handler = HANDLER_NAME_RE.test(name) ? ours.find((h) => h.svctuiName === name) : undefined;
  if (!handler?.source) {
    const known = ours.length ? ` (its svctui handlers: ${ours.map((h) => h.svctuiName).join(', ')})` : '';
    throw new HandlerError(`${unit} has no svctui handler named "${name}"${known}; svctui handler list ${unit} shows them`);
  }
  const path = handler.source;
  const removed = [path];
  const scriptPath = handler.command.path;
  const { files } = systemd.host;
  await removeDropIn(files, path);
  // The generated script goes too: it lies in svctui's handlers folder and says it is svctui's.
  if (dirname(scriptPath) === (await handlersDir(systemd)) && (await readIfExists(files, scriptPath)).includes('# svctui handler')) {
    await files.remove(scriptPath);
    removed.push(scriptPath);
  }
  await systemd.daemonReload();
  if ((await listHandlers(systemd, unit)).some((h) => h.svctuiName === name)) {
    throw new HandlerError(`${path} was removed, but ${unit}'s ExecStopPost still shows the handler "${name}"`);
  }
  return removed;
}
