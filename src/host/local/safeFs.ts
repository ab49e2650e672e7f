// Files svctui writes as root that systemd reads or executes, and its own state: every folder it
// creates gets an explicit mode whatever the umask, files are written to a temp name opened
// exclusively (never through a planted symlink) and renamed into place, and its own files are read
// without following symlinks and only when they belong to it. Failures are FileErrors in words.
// See SECURITY.md.
import { chmodSync, constants, closeSync, fchmodSync, mkdtempSync, rmSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { chmod, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { checkTrustedPathWith, describeFsError, FileError, type TrustOptions, type TrustVerdict } from '../files.js';
import type { FileStat, WriteOptions } from '../host.js';

export { FileError, describeFsError };

const euid = () => process.geteuid?.() ?? 0;

/**
 * Creates the missing folders of `path` with exactly `mode` (the umask does not apply; folders
 * that exist are left as they are). Returns the folders it created, outermost first.
 */
export async function ensureDir(path: string, mode: number): Promise<string[]> {
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      const st = await lstat(p);
      if (!st.isDirectory()) throw new FileError(`cannot create the folder ${path}: ${p} is not a folder`, 'ENOTDIR');
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError(err, 'create the folder', path);
      missing.unshift(p);
      if (dirname(p) === p) break;
    }
  }
  for (const p of missing) {
    try {
      await mkdir(p, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw describeFsError(err, 'create the folder', p);
    }
    await chmod(p, mode).catch((err: unknown) => {
      throw describeFsError(err, 'set the mode of', p);
    });
  }
  return missing;
}

/** ensureDir, synchronously (for the state folder, read before anything else). */
export function ensureDirSync(path: string, mode: number): void {
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    try {
      if (!lstatSync(p).isDirectory()) throw new FileError(`cannot create the folder ${path}: ${p} is not a folder`, 'ENOTDIR');
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError(err, 'create the folder', path);
      missing.unshift(p);
      if (dirname(p) === p) break;
    }
  }
  for (const p of missing) {
    try {
      mkdirSync(p, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw describeFsError(err, 'create the folder', p);
    }
    // mkdir's mode passes through the umask; say exactly what we mean.
    try {
      const fd = openSync(p, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
      try {
        fchmodSync(fd, mode);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw describeFsError(err, 'set the mode of', p);
    }
  }
}

/**
 * Writes a file so that readers see the old content or the new, never half: a temp file next to it,
 * created exclusively (a planted file or symlink at that name makes it fail, never followed), with
 * the exact mode, flushed, then renamed over the target (rename replaces a symlink, never follows it).
 */
export async function writeFileAtomic(path: string, text: string, options: WriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o644;
  const dir = dirname(path);
  await ensureDir(dir, options.dirMode ?? 0o755);
  // Room for the prefix and suffix within NAME_MAX (255 bytes).
  // (node:crypto is loaded here, not at start: most commands never write.)
  const { randomBytes } = await import('node:crypto');
  const tmp = join(dir, `.#${basename(path).slice(0, 200)}.${randomBytes(6).toString('hex')}`);
  let handle;
  try {
    handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    await handle.chmod(mode);
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw describeFsError(err, 'write', path);
  }
}

/**
 * Reads one of svctui's own files: not through a symlink, a regular file, owned by this user.
 * Undefined when it does not exist; a FileError when it exists but is not ours.
 */
export function readOwnFile(path: string, uid = euid()): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw describeFsError(err, 'read', path);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileError(`refusing to read ${path}: it is not a regular file`);
    if (st.uid !== uid) throw new FileError(`refusing to read ${path}: it belongs to uid ${st.uid}, not to this user (uid ${uid})`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** checkTrustedPath (host/files.ts) on this machine, synchronously: for svctui's own state folder. */
export function checkTrustedPathSync(path: string, options: TrustOptions = {}): TrustVerdict {
  return checkTrustedPathWith(
    (q) => {
      try {
        return q.op === 'lstat' ? fileStat(lstatSync(q.path)) : readlinkSync(q.path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || q.op === 'readlink') return undefined;
        return err as Error;
      }
    },
    euid(),
    path,
    options,
  );
}

/**
 * A new folder of svctui's own (0700) in the temporary folder ($TMPDIR or /tmp), judged like any
 * path svctui trusts: a $TMPDIR in another user's folder is refused (the folder removed) in words.
 * Every temporary folder svctui makes on this machine comes from here.
 */
export function makePrivateTempDirSync(prefix: string): string {
  const base = tmpdir();
  let dir: string;
  try {
    dir = mkdtempSync(join(base, prefix));
    chmodSync(dir, 0o700);
  } catch (err) {
    throw describeFsError(err, 'create a temporary folder in', base);
  }
  const trust = checkTrustedPathSync(dir);
  if (trust.problems.length) {
    rmSync(dir, { recursive: true, force: true });
    throw new FileError(`refusing to use the temporary folder ${dir}: ${trust.problems.join('; ')} (set TMPDIR to a folder only root or you can write to)`);
  }
  return dir;
}

/** Node's Stats as a host FileStat. */
export function fileStat(st: import('node:fs').Stats): FileStat {
  return { type: st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other', uid: st.uid, mode: st.mode & 0o7777 };
}
