// Files svctui writes as root that systemd reads or executes, and its own state: every folder it
// creates gets an explicit mode whatever the umask, files are written to a temp name opened
// exclusively (never through a planted symlink) and renamed into place, and its own files are read
// without following symlinks and only when they belong to it. Failures are FileErrors in words.
// See SECURITY.md.
import { constants, closeSync, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { chmod, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** A file-system failure said in words (what, where, and what to do); never a stack trace. */
export class FileError extends Error {
  override name = 'FileError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long for the file system',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ELOOP: 'it is a symbolic link (svctui does not follow links here)',
  EEXIST: 'it already exists',
  ENOENT: 'it does not exist',
  EIO: 'an input/output error',
  EMFILE: 'too many open files',
};

/** "cannot write /x: no space left on the device" from a Node error. */
export function describeFsError(err: unknown, action: string, path: string): FileError {
  if (err instanceof FileError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? (err as Error).message;
  const hint = code === 'EACCES' || code === 'EPERM' ? ' (run svctui as root, or as the owner of that folder)' : '';
  return new FileError(`cannot ${action} ${path}: ${reason}${hint}`, code);
}

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

export interface WriteOptions {
  /** The file's mode, exactly (default 0644). */
  mode?: number;
  /** The mode of folders created for it (default 0755). */
  dirMode?: number;
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

export interface TrustOptions {
  /** The users who may own every part of the path: root and the user svctui runs as. */
  owners?: readonly number[];
  /** The path names a file that may not exist yet (it will be created, e.g. a log to append to). */
  mayNotExist?: boolean;
}

export interface TrustVerdict {
  /** The path with every symlink resolved: what systemd will really open. */
  resolved: string;
  problems: string[];
}

export function trustedOwners(uid = euid()): number[] {
  return uid === 0 ? [0] : [0, uid];
}

const who = (mode: number) => (mode & 0o002 ? 'anyone' : 'its group');

/**
 * Whether another user could change what this path leads to. The path is resolved first (symlinks
 * along it, like Debian's /bin -> usr/bin, mean nothing once resolved, and the resolved path is what
 * must be used). Then every part, up to /, must belong to root or this user and must not be writable
 * by group or others — except a sticky folder such as /tmp, when the entry in it belongs to root or
 * this user (others cannot rename or remove it there).
 */
export function checkTrustedPath(path: string, options: TrustOptions = {}): TrustVerdict {
  const owners = options.owners ?? trustedOwners();
  if (!isAbsolute(path)) return { resolved: path, problems: [`${path} is not an absolute path`] };
  let resolved: string;
  let leafExists = true;
  try {
    resolved = realpathSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || !options.mayNotExist) return { resolved: path, problems: [describeFsError(err, 'use', path).message] };
    try {
      resolved = join(realpathSync(dirname(path)), basename(path));
      leafExists = false;
    } catch (err2) {
      return { resolved: path, problems: [describeFsError(err2, 'use the folder of', path).message] };
    }
  }
  const problems: string[] = [];
  const ownerText = owners.length === 1 ? 'root' : `root or you (uid ${owners[1]})`;
  let child: { path: string; uid?: number } | undefined;
  for (let p = resolved; ; p = dirname(p)) {
    const isLeaf = p === resolved;
    if (isLeaf && !leafExists) {
      child = { path: p };
      continue;
    }
    let st;
    try {
      st = lstatSync(p);
    } catch (err) {
      problems.push(describeFsError(err, 'check', p).message);
      break;
    }
    if (!owners.includes(st.uid)) problems.push(`${p} belongs to uid ${st.uid}, who could change ${isLeaf ? 'it' : `what is in it`}; it must belong to ${ownerText}`);
    if (st.mode & 0o022) {
      const sticky = st.isDirectory() && (st.mode & 0o1000) !== 0;
      const entryOwnedRight = child !== undefined && child.uid !== undefined && owners.includes(child.uid);
      if (isLeaf) problems.push(`${p} can be changed by ${who(st.mode)} (mode ${(st.mode & 0o7777).toString(8)}); chmod go-w it`);
      else if (!sticky || !entryOwnedRight) {
        const what = child && child.uid === undefined ? `${child.path} does not exist yet and could be created first by another user in` : `${resolved} lies under`;
        problems.push(`${what} ${p}, which ${who(st.mode)} can write to (mode ${(st.mode & 0o7777).toString(8)})`);
      }
    }
    child = { path: p, uid: st.uid };
    if (dirname(p) === p) break;
  }
  return { resolved, problems };
}
