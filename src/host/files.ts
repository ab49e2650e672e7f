// File failures in words, and the one rule for whether another user could change what a path
// leads to — the same on every host (the host only answers lstat and realpath).
import { basename, dirname, isAbsolute, join } from 'node:path/posix';
import type { FileStat, HostFiles } from './host.js';

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

/** The words for an errno code, when known. */
export const reasonOf = (code: string | undefined): string | undefined => (code ? REASONS[code] : undefined);

/** "cannot write /x: no space left on the device" from a Node error (or a host's FileError). */
export function describeFsError(err: unknown, action: string, path: string): FileError {
  if (err instanceof FileError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const reason = reasonOf(code) ?? (err as Error).message;
  const hint = code === 'EACCES' || code === 'EPERM' ? ' (run svctui as root, or as the owner of that folder)' : '';
  return new FileError(`cannot ${action} ${path}: ${reason}${hint}`, code);
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

export function trustedOwners(uid: number): number[] {
  return uid === 0 ? [0] : [0, uid];
}

const who = (mode: number) => (mode & 0o002 ? 'anyone' : 'its group');

/** The folders from a resolved path up to /, the path first. */
export function pathAndParents(resolved: string): string[] {
  const out: string[] = [];
  for (let p = resolved; ; p = dirname(p)) {
    out.push(p);
    if (dirname(p) === p) return out;
  }
}

/**
 * The judgement, given lstat of the resolved path and each folder above it (undefined: missing;
 * an Error: could not look). Every part, up to /, must belong to root or this user and must not be
 * writable by group or others — except a sticky folder such as /tmp, when the entry in it belongs
 * to root or this user (others cannot rename or remove it there).
 */
export function judgeTrust(resolved: string, leafExists: boolean, stats: (FileStat | Error | undefined)[], owners: readonly number[]): string[] {
  const problems: string[] = [];
  const ownerText = owners.length === 1 ? 'root' : `root or you (uid ${owners[1]})`;
  const paths = pathAndParents(resolved);
  let child: { path: string; uid?: number } | undefined;
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i]!;
    const isLeaf = i === 0;
    if (isLeaf && !leafExists) {
      child = { path: p };
      continue;
    }
    const st = stats[i];
    if (st === undefined || st instanceof Error) {
      problems.push(st instanceof Error ? describeFsError(st, 'check', p).message : `cannot check ${p}: it does not exist`);
      break;
    }
    if (!owners.includes(st.uid)) problems.push(`${p} belongs to uid ${st.uid}, who could change ${isLeaf ? 'it' : `what is in it`}; it must belong to ${ownerText}`);
    if (st.mode & 0o022) {
      const sticky = st.type === 'dir' && (st.mode & 0o1000) !== 0;
      const entryOwnedRight = child !== undefined && child.uid !== undefined && owners.includes(child.uid);
      if (isLeaf) problems.push(`${p} can be changed by ${who(st.mode)} (mode ${(st.mode & 0o7777).toString(8)}); chmod go-w it`);
      else if (!sticky || !entryOwnedRight) {
        const what = child && child.uid === undefined ? `${child.path} does not exist yet and could be created first by another user in` : `${resolved} lies under`;
        problems.push(`${what} ${p}, which ${who(st.mode)} can write to (mode ${(st.mode & 0o7777).toString(8)})`);
      }
    }
    child = { path: p, uid: st.uid };
  }
  return problems;
}

/**
 * Whether another user could change what this path leads to, on a host. The path is resolved first
 * (symlinks along it, like Debian's /bin -> usr/bin, mean nothing once resolved, and the resolved
 * path is what must be used); then judgeTrust.
 */
export async function checkTrustedPath(files: HostFiles, uid: number, path: string, options: TrustOptions = {}): Promise<TrustVerdict> {
  const owners = options.owners ?? trustedOwners(uid);
  if (!isAbsolute(path)) return { resolved: path, problems: [`${path} is not an absolute path`] };
  let resolved: string;
  let leafExists = true;
  try {
    resolved = await files.realpath(path);
  } catch (err) {
    const code = (err as FileError).code;
    if (code !== 'ENOENT' || !options.mayNotExist) return { resolved: path, problems: [describeFsError(err, 'use', path).message] };
    try {
      resolved = join(await files.realpath(dirname(path)), basename(path));
      leafExists = false;
    } catch (err2) {
      return { resolved: path, problems: [describeFsError(err2, 'use the folder of', path).message] };
    }
  }
  const paths = pathAndParents(resolved);
  const stats = await Promise.all(paths.map((p, i) => (i === 0 && !leafExists ? Promise.resolve(undefined) : files.lstat(p).catch((e: unknown) => e as Error))));
  return { resolved, problems: judgeTrust(resolved, leafExists, stats, owners) };
}
