// ExecStopPost= handlers on a real manager: list them with their source file and last run, check an
// executable is safe to run as the unit, simulate a handler in a transient unit, attach, detach.
import { randomBytes } from 'node:crypto';
import { lstat, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decodeExecCommands, describeExecFlags, execPrefix, formatCodeStatus, signalName, type ExecCommand } from './decode.js';
import type { Systemd } from './manager.js';
import { catUnit, dropInPath, readIfExists, removeDropIn, unitDirs, unitSources, writeUnitText } from './unitFiles.js';
import { writeFileAtomic } from '../util/atomicFile.js';
import { dropInName, handlerDropIn, handlerScript, TEMPLATE_WORDS, type HandlerSpec, type Scenario } from '../model/handlers.js';

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
  const files = await execStopPostSources(await catUnit(sources));
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

/**
 * Refuses an executable that others could change: writable by group or others, owned by someone
 * other than root (system manager) or the user (user manager), or under a folder others can write
 * to (a sticky folder such as /tmp is fine when the entry below it belongs to root or the user).
 */
export async function executableProblems(path: string, scope: 'system' | 'user', uid = process.getuid?.() ?? 0): Promise<string[]> {
  const problems: string[] = [];
  if (!path.startsWith('/')) return [`${path} is not an absolute path`];
  let st;
  try {
    st = await stat(path);
  } catch {
    return [`${path} does not exist`];
  }
  if (!st.isFile()) problems.push(`${path} is not a regular file`);
  if ((st.mode & 0o111) === 0) problems.push(`${path} is not executable (chmod 755 it)`);
  const owners = scope === 'system' ? [0] : [0, uid];
  if (!owners.includes(st.uid)) problems.push(`${path} belongs to uid ${st.uid}; a handler must belong to ${scope === 'system' ? 'root' : `root or you (uid ${uid})`}, since it runs as the unit`);
  if (st.mode & 0o022) problems.push(`${path} can be changed by ${st.mode & 0o002 ? 'anyone' : 'its group'} (mode ${(st.mode & 0o777).toString(8)}); chmod go-w it`);
  let dir = dirname(path);
  let child = path;
  for (;;) {
    const d = await lstat(dir);
    const childOwner = (await lstat(child)).uid;
    if (d.mode & 0o022) {
      const sticky = (d.mode & 0o1000) !== 0;
      if (!sticky || !owners.includes(childOwner)) problems.push(`${path} lies under ${dir}, which ${d.mode & 0o002 ? 'anyone' : 'its group'} can write to (mode ${(d.mode & 0o7777).toString(8)})`);
    }
    if (dir === '/') break;
    child = dir;
    dir = dirname(dir);
  }
  return problems;
}

/** Whether a script says it honours SVCTUI_DRY_RUN (so that simulating it is harmless). */
export async function declaresDryRun(path: string): Promise<boolean> {
  try {
    return (await readFile(path, 'utf8')).includes('SVCTUI_DRY_RUN');
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
  const dir = await mkdtemp(join(tmpdir(), 'svctui-sim-'));
  const rows: SimulationRow[] = [];
  try {
    for (const scenario of list) {
      const out = join(dir, `${rows.length}.out`);
      const name = `svctui-simulate-${randomBytes(5).toString('hex')}.service`;
      const env = [...((p.Environment as string[]) ?? []), `SERVICE_RESULT=${scenario.serviceResult}`, `EXIT_CODE=${scenario.exitCode}`, `EXIT_STATUS=${scenario.exitStatus}`, 'SVCTUI_DRY_RUN=1'];
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
      const output = (await readIfExists(out)).trim();
      rows.push({ scenario, acts: /: would act \(/.test(output), output, result });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

export interface AttachPlan {
  dropInPath: string;
  dropInText: string;
  /** The script svctui writes (generated templates), or undefined for an existing executable. */
  script?: { path: string; text: string };
  executable: string;
}

/** The unit's stop signal (KillSignal=) as a name. */
export async function stopSignalOf(systemd: Systemd, unit: string): Promise<string> {
  try {
    return signalName(Number(await systemd.unitProperty(unit, SERVICE_IFACE, 'KillSignal')));
  } catch {
    return 'TERM';
  }
}

export async function planAttach(systemd: Systemd, spec: HandlerSpec | { unit: string; name: string; exec: string; ignoreFailure: boolean; privileged: boolean }): Promise<AttachPlan> {
  const dirs = await unitDirs(systemd);
  const path = dropInPath(dirs, spec.unit, { name: dropInName(spec.name) });
  if ('exec' in spec) {
    return { dropInPath: path, dropInText: handlerDropIn(spec, spec.exec, `runs ${spec.exec}`), executable: spec.exec };
  }
  const scriptPath = join(await handlersDir(systemd), `${spec.unit}--${spec.name}.sh`);
  return {
    dropInPath: path,
    dropInText: handlerDropIn(spec, scriptPath, TEMPLATE_WORDS[spec.template]),
    script: { path: scriptPath, text: handlerScript(spec) },
    executable: scriptPath,
  };
}

/** Writes the script (0755) for simulation or attachment; the drop-in is written by attach(). */
export async function writeScript(plan: AttachPlan): Promise<void> {
  if (plan.script) await writeFileAtomic(plan.script.path, plan.script.text, 0o755);
}

/** Writes the drop-in, reloads, and confirms from ExecStopPost that the handler is there. */
export async function attach(systemd: Systemd, unit: string, plan: AttachPlan): Promise<void> {
  await writeScript(plan);
  await writeUnitText(plan.dropInPath, plan.dropInText);
  await systemd.daemonReload();
  const present = (await listHandlers(systemd, unit)).some((h) => h.command.path === plan.executable);
  if (!present) throw new HandlerError(`the drop-in ${plan.dropInPath} was written, but ${unit}'s ExecStopPost does not show ${plan.executable}; check it with svctui cat ${unit}`);
}

/** Removes the handler's drop-in (and the script svctui generated for it), reloads, confirms. */
export async function detach(systemd: Systemd, unit: string, name: string): Promise<string[]> {
  const dirs = await unitDirs(systemd);
  const path = dropInPath(dirs, unit, { name: dropInName(name) });
  const text = await readIfExists(path);
  if (!text) throw new HandlerError(`${unit} has no svctui handler named "${name}" (no ${path})`);
  const removed = [path];
  const scriptPath = /^ExecStopPost=[-+!@:]*(\S+)/m.exec(text)?.[1];
  await removeDropIn(path);
  if (scriptPath && scriptPath.startsWith(await handlersDir(systemd)) && (await readIfExists(scriptPath)).includes('# svctui handler')) {
    await rm(scriptPath, { force: true });
    removed.push(scriptPath);
  }
  await systemd.daemonReload();
  if ((await listHandlers(systemd, unit)).some((h) => scriptPath && h.command.path === scriptPath)) {
    throw new HandlerError(`${path} was removed, but ${unit}'s ExecStopPost still shows ${scriptPath}`);
  }
  return removed;
}
