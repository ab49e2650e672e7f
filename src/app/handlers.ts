// ExecStopPost= handlers on a real manager: list them with their source file and last run, check an
// executable is safe to run as the unit, simulate a handler in a transient unit, attach, detach.
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path/posix';
import { decodeExecCommands, describeExecFlags, execPrefix, formatCodeStatus, signalName, type ExecCommand } from '../core/decode.js';
import type { Systemd } from './manager.js';
import { catUnit, dropInPath, readIfExists, removeDropIn, unitDirs, unitSources, writeUnitText } from './unitFiles.js';
import { checkTrustedPath } from '../host/files.js';
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
  return withPrivateDir(systemd.host, 'svctui-sim-', async (dir) => {
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

/**
 * Runs fn with a fresh folder of svctui's own (root or you own it, 0755 so that a unit's User= can
 * run a script in it, nobody else can write to it), removed afterwards whatever happens.
 */
export async function withPrivateDir<T>(host: Host, prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await host.files.makeTempDir(prefix);
  try {
    await host.files.chmod(dir, 0o755);
    const trust = await checkTrustedPath(host.files, host.identity.uid, dir);
    if (trust.problems.length) throw new HandlerError(`refusing to use the temporary folder ${dir}: ${trust.problems.join('; ')} (set TMPDIR to a folder only root or you can write to)`);
    return await fn(dir);
  } finally {
    await host.files.remove(dir, { recursive: true }).catch(() => undefined);
  }
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
 * The generated script's file name: UNIT--NAME.sh, or a shortened name with a hash when that
 * would not fit in a file name (a unit name may be 255 characters long).
 */
export function scriptFileName(unit: string, name: string): string {
  const plain = `${unit}--${name}.sh`;
  if (Buffer.byteLength(plain) <= 200) return plain;
  const hash = createHash('sha256').update(plain).digest('hex').slice(0, 16);
  return `${unit.slice(0, 120)}-${hash}--${name}.sh`;
}

/**
 * Writes the generated script where it will live (0755, its folder 0755, whatever the umask) and
 * checks that nobody else can change it there. The preview never calls this: see withPreview.
 */
export async function installScript(host: Host, plan: AttachPlan): Promise<void> {
  if (!plan.script) return;
  await host.files.writeAtomic(plan.script.path, plan.script.text, { mode: 0o755, dirMode: 0o755 });
  const check = await checkExecutable(host, plan.script.path);
  if (check.problems.length) throw new HandlerError(`refusing to run ${plan.script.path} as a handler: ${check.problems.join('; ')}`);
}

/**
 * Runs fn with the executable a plan would attach, for the preview's simulation: a generated script
 * is written to a private temporary folder (never to the attached handlers' paths), an existing
 * executable is used where it is. The temporary copy is removed on every way out.
 */
export async function withPreview<T>(host: Host, plan: AttachPlan, fn: (executable: string) => Promise<T>): Promise<T> {
  if (!plan.script) return fn(plan.executable);
  const script = plan.script;
  return withPrivateDir(host, 'svctui-preview-', async (dir) => {
    const path = join(dir, script.path.slice(script.path.lastIndexOf('/') + 1));
    await host.files.writeAtomic(path, script.text, { mode: 0o755 });
    return fn(path);
  });
}

/** Writes the drop-in, reloads, and confirms from ExecStopPost that the handler is there. */
export async function attach(systemd: Systemd, unit: string, plan: AttachPlan): Promise<void> {
  await installScript(systemd.host, plan);
  await writeUnitText(systemd.host.files, plan.dropInPath, plan.dropInText);
  await systemd.daemonReload();
  const present = (await listHandlers(systemd, unit)).some((h) => h.command.path === plan.executable);
  if (!present) throw new HandlerError(`the drop-in ${plan.dropInPath} was written, but ${unit}'s ExecStopPost does not show ${plan.executable}; check it with svctui cat ${unit}`);
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
