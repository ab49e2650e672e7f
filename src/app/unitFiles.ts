// Unit files on disk, as the manager sees them: where drop-ins go (systemctl edit semantics), the
// effective unit text (systemctl cat), validation with systemd-analyze verify, atomic writes, and
// revert. Paths come from the manager itself (its environment), so a sandboxed or remote-looking
// user manager is edited where it really reads its units.
import { basename, dirname, join } from 'node:path/posix';
import { MANAGER_IFACE, MANAGER_PATH, SystemdError } from '../host/bus.js';
import { checkTrustedPath, FileError } from '../host/files.js';
import type { Host, HostFiles } from '../host/host.js';
import type { Systemd } from './manager.js';

export interface UnitDirs {
  /** Where persistent edits go: /etc/systemd/system or $XDG_CONFIG_HOME/systemd/user. */
  persistent: string;
  /** Where --runtime edits go: /run/systemd/system or $XDG_RUNTIME_DIR/systemd/user. */
  runtime: string;
}

export class UnitFileError extends Error {
  override name = 'UnitFileError';
}

/** The manager's environment (Manager.Environment), as a map. */
async function managerEnvironment(systemd: Systemd): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  try {
    for (const kv of (await systemd.managerProperty('Environment')) as string[]) {
      const eq = kv.indexOf('=');
      if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
  } catch {
    // older managers: fall back to the host user's
  }
  return env;
}

export async function unitDirs(systemd: Systemd): Promise<UnitDirs> {
  if (systemd.scope === 'system') return { persistent: '/etc/systemd/system', runtime: '/run/systemd/system' };
  const { home, runtimeDir } = systemd.host.identity;
  const env = await managerEnvironment(systemd);
  const config = env.XDG_CONFIG_HOME || join(env.HOME || home, '.config');
  const runtime = env.XDG_RUNTIME_DIR || runtimeDir;
  return { persistent: join(config, 'systemd', 'user'), runtime: join(runtime, 'systemd', 'user') };
}

export function dropInPath(dirs: UnitDirs, unit: string, o: { runtime?: boolean; name?: string } = {}): string {
  const name = o.name ? (o.name.endsWith('.conf') ? o.name : `${o.name}.conf`) : 'override.conf';
  return join(o.runtime ? dirs.runtime : dirs.persistent, `${unit}.d`, name);
}

export function fullCopyPath(dirs: UnitDirs, unit: string, o: { runtime?: boolean } = {}): string {
  return join(o.runtime ? dirs.runtime : dirs.persistent, unit);
}

/** A file's text, or '' when it does not exist. */
export async function readIfExists(files: HostFiles, path: string): Promise<string> {
  try {
    return (await files.read(path)) ?? '';
  } catch (err) {
    throw new UnitFileError((err as Error).message);
  }
}

export interface UnitSources {
  fragment?: string;
  dropIns: string[];
  loadState: string;
  loadError?: string;
  activeState: string;
  unitFileState: string;
  needDaemonReload: boolean;
}

export async function unitSources(systemd: Systemd, unit: string): Promise<UnitSources> {
  const p = await systemd.unitInterfaceProperties(unit, 'org.freedesktop.systemd1.Unit');
  const loadError = Array.isArray(p.LoadError) ? String((p.LoadError as unknown[])[1] ?? '') : '';
  return {
    fragment: String(p.FragmentPath ?? '') || undefined,
    dropIns: (p.DropInPaths as string[] | undefined) ?? [],
    loadState: String(p.LoadState ?? ''),
    loadError: loadError || undefined,
    activeState: String(p.ActiveState ?? ''),
    unitFileState: String(p.UnitFileState ?? ''),
    needDaemonReload: p.NeedDaemonReload === true,
  };
}

/** The effective unit: fragment then drop-ins, each under a "# path" header (systemctl cat). */
export async function catUnit(files: HostFiles, sources: UnitSources): Promise<{ path: string; text: string }[]> {
  const paths = [sources.fragment, ...sources.dropIns].filter((f): f is string => Boolean(f));
  return Promise.all(paths.map(async (path) => ({ path, text: await readIfExists(files, path) })));
}

export function catText(parts: { path: string; text: string }[]): string {
  return parts.map((p) => `# ${p.path}\n${p.text.replace(/\n*$/, '\n')}`).join('\n');
}

/** Says, before anything is written, when the target cannot be written (e.g. /etc as non-root). */
export async function assertWritable(host: Host, path: string, retry?: string): Promise<void> {
  let dir = dirname(path);
  while (!(await host.files.stat(dir).catch(() => undefined)) && dirname(dir) !== dir) dir = dirname(dir);
  if (!(await host.files.canWrite(dir))) throw new UnitFileError(`cannot write ${path}: permission denied on ${dir}. ${await host.asRootHint(retry)}`);
}

export interface VerifyResult {
  ok: boolean;
  findings: string[];
}

/**
 * Runs systemd-analyze verify on the unit with a candidate applied: the unit (or the candidate full
 * text) and its drop-ins (the candidate in place of the edited one) in a temporary folder. Any
 * output on stderr is a finding: unknown keys only warn and exit 0.
 */
export async function verifyCandidate(
  host: Host,
  scope: 'system' | 'user',
  unit: string,
  sources: UnitSources,
  candidate: { kind: 'drop-in'; path: string; text: string } | { kind: 'full'; text: string },
): Promise<VerifyResult> {
  const { files } = host;
  return withPrivateDir(host, 'svctui-verify-', 0o700, async (dir) => {
    // Exact modes whatever the umask: systemd warns about (and an attacker could use) writable copies.
    const put = (path: string, text: string) => files.writeAtomic(path, text, { mode: 0o644, dirMode: 0o755 });
    const unitFile = join(dir, unit);
    const fragmentText = candidate.kind === 'full' ? candidate.text : sources.fragment ? await readIfExists(files, sources.fragment) : '';
    await put(unitFile, fragmentText);
    const dropDir = join(dir, `${unit}.d`);
    await files.ensureDir(dropDir, 0o755);
    for (const d of sources.dropIns) {
      if (candidate.kind === 'drop-in' && d === candidate.path) continue;
      const text = await readIfExists(files, d).catch(() => undefined);
      if (text !== undefined) await put(join(dropDir, basename(d)), text);
    }
    if (candidate.kind === 'drop-in' && candidate.text) await put(join(dropDir, basename(candidate.path)), candidate.text);
    const runtime = join(dir, 'runtime');
    await files.ensureDir(runtime, 0o700);
    const r = await host.run('systemd-analyze', [...(scope === 'user' ? ['--user'] : []), 'verify', unitFile], {
      timeoutMs: 30_000,
      cwd: dir,
      env: { XDG_RUNTIME_DIR: runtime, SYSTEMD_LOG_COLOR: '0', SYSTEMD_COLORS: '0' },
    });
    if (r.notFound) return { ok: false, findings: ['systemd-analyze is not installed: cannot check the unit'] };
    if (r.failure || r.timedOut) return { ok: false, findings: [`systemd-analyze could not check the unit: ${r.failure ?? 'timed out'}`] };
    const findings = `${r.stderr}\n${r.stdout}`
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => l.split(dir + '/').join(''));
    return { ok: r.exitCode === 0 && findings.length === 0, findings };
  });
}

/**
 * Runs fn with a fresh folder of svctui's own on the host (root or you own it, `mode`, nobody else
 * can write to it — a $TMPDIR in another user's folder is refused in words), removed afterwards
 * whatever happens. Every temporary folder svctui uses on a host comes from here.
 */
export async function withPrivateDir<T>(host: Host, prefix: string, mode: number, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await host.files.makeTempDir(prefix);
  try {
    await host.files.chmod(dir, mode);
    const trust = await checkTrustedPath(host.files, host.identity.uid, dir);
    if (trust.problems.length) throw new UnitFileError(`refusing to use the temporary folder ${dir}: ${trust.problems.join('; ')} (set TMPDIR to a folder only root or you can write to)`);
    return await fn(dir);
  } finally {
    await host.files.remove(dir, { recursive: true }).catch(() => undefined);
  }
}

/** Writes a drop-in or a full unit atomically (0644; a new folder 0755, whatever the umask). */
export async function writeUnitText(files: HostFiles, path: string, text: string): Promise<void> {
  try {
    await files.writeAtomic(path, text, { mode: 0o644, dirMode: 0o755 });
  } catch (err) {
    throw new UnitFileError(`${(err as Error).message}; nothing was changed`);
  }
}

/** Removes a drop-in and its folder when that is left empty. */
export async function removeDropIn(files: HostFiles, path: string): Promise<void> {
  try {
    await files.remove(path);
  } catch (err) {
    throw new UnitFileError(err instanceof FileError ? err.message : `cannot remove ${path}: ${(err as Error).message}`);
  }
  await files.removeEmptyDir(dirname(path));
}

/** What `revert` would remove for a unit: its drop-in folders and the copies that shadow another. */
export async function revertPlan(systemd: Systemd, unit: string): Promise<string[]> {
  const { files } = systemd.host;
  const dirs = await unitDirs(systemd);
  const paths = (await systemd.managerProperty('UnitPath').catch(() => [])) as string[];
  const plan: string[] = [];
  for (const base of [dirs.persistent, dirs.runtime]) {
    const d = join(base, `${unit}.d`);
    for (const f of await files.list(d).catch(() => [])) plan.push(join(d, f));
    const copy = join(base, unit);
    const st = await files.stat(copy).catch(() => undefined);
    if ((await files.readlink(copy)) === '/dev/null') plan.push(`${copy} (mask)`);
    else if (st?.type === 'file') {
      // Like systemd, a copy goes only when a vendor unit (under /usr or /lib) stands behind it.
      const vendorDirs = paths.filter((p) => p.startsWith('/usr/') || p.startsWith('/lib/'));
      for (const v of vendorDirs) {
        if (await files.stat(join(v, unit)).catch(() => undefined)) {
          plan.push(copy);
          break;
        }
      }
    }
  }
  return plan;
}

/** systemctl revert: the manager removes drop-ins and shadowing copies, unmasks; then a reload. */
export async function revertUnit(systemd: Systemd, unit: string): Promise<{ type: string; file: string }[]> {
  try {
    const [changes] = await systemd.privilegedCall(MANAGER_PATH, MANAGER_IFACE, 'RevertUnitFiles', 'as', [[unit]]);
    await systemd.daemonReload();
    return ((changes ?? []) as [string, string, string][]).map(([type, file]) => ({ type, file }));
  } catch (err) {
    if (err instanceof SystemdError) throw new UnitFileError(`revert ${unit}: ${err.message}`);
    throw err;
  }
}
