// File failures in words, and the one rule for whether another user could change what a path
// leads to — the same on every host (the host only answers lstat and realpath).
import { dirname, isAbsolute, join } from 'node:path/posix';
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
  /** Folders of the path may not exist yet either (they will be made): the nearest one that does is judged. */
  missingParents?: boolean;
}

export interface TrustVerdict {
  /** The path with every symlink resolved: what systemd will really open. */
  resolved: string;
  problems: string[];
  /** The symbolic links met on the way, in order, each with where it pointed. */
  links?: { path: string; target: string }[];
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

/** What the trust check asks of a file system, one question at a time (answered sync or async). */
export type FsQuestion = { op: 'lstat'; path: string } | { op: 'readlink'; path: string };
/** lstat: the stat, undefined when missing, an Error when it could not look; readlink: the target. */
export type FsAnswer = FileStat | string | Error | undefined;
type Steps<T> = Generator<FsQuestion, T, FsAnswer>;

const lstatOf = (a: FsAnswer) => a as FileStat | Error | undefined;

interface Walked {
  resolved: string;
  leafExists: boolean;
  links: { path: string; target: string; stat: FileStat; dir: string }[];
  problem?: string;
}

/**
 * Follows a path as the kernel would, one name at a time, noting every symbolic link met and the
 * folder it lies in (a link is as trustworthy as its owner and its folder: realpath alone hides it).
 * A missing name ends the walk: allowed for the leaf (mayNotExist) or for folders to be made.
 */
function* walkPath(path: string, o: TrustOptions): Steps<Walked> {
  const links: Walked['links'] = [];
  let cur = '/';
  let todo = path.split('/').filter(Boolean);
  while (todo.length) {
    const name = todo.shift()!;
    if (name === '.') continue;
    if (name === '..') {
      cur = dirname(cur);
      continue;
    }
    const next = join(cur, name);
    const st = lstatOf(yield { op: 'lstat', path: next });
    if (st instanceof Error) return { resolved: path, leafExists: false, links, problem: describeFsError(st, 'check', next).message };
    if (!st) {
      if (o.missingParents || (o.mayNotExist && todo.length === 0)) return { resolved: join(next, ...todo), leafExists: false, links };
      return { resolved: path, leafExists: false, links, problem: `cannot use ${path}: ${next === path ? 'it does not exist' : `${next} does not exist`}` };
    }
    if (st.type === 'symlink') {
      if (links.length >= 40) return { resolved: path, leafExists: false, links, problem: `cannot use ${path}: too many symbolic links on the way` };
      const target = (yield { op: 'readlink', path: next }) as string | undefined;
      links.push({ path: next, target: target ?? '', stat: st, dir: cur });
      todo = [...(target ?? '').split('/').filter(Boolean), ...todo];
      if (target?.startsWith('/')) cur = '/';
      continue;
    }
    if (todo.length && st.type !== 'dir') return { resolved: path, leafExists: false, links, problem: `cannot use ${path}: ${next} is not a folder` };
    cur = next;
  }
  return { resolved: cur, leafExists: true, links };
}

function* lstatAll(paths: string[]): Steps<(FileStat | Error | undefined)[]> {
  const out: (FileStat | Error | undefined)[] = [];
  for (const p of paths) out.push(lstatOf(yield { op: 'lstat', path: p }));
  return out;
}

/**
 * Whether another user could change what this path leads to: the path as given *and* every
 * symbolic link on the way (a link another user owns, or one in a folder others can write, could
 * be pointed elsewhere later), then the resolved path and each folder above it (judgeTrust). The
 * resolved path is what must be used. Debian's /bin -> usr/bin passes: root's link in root's /.
 */
function* trustSteps(uid: number, path: string, options: TrustOptions): Steps<TrustVerdict> {
  const owners = options.owners ?? trustedOwners(uid);
  if (!isAbsolute(path)) return { resolved: path, problems: [`${path} is not an absolute path`] };
  const walked = yield* walkPath(path, options);
  const links = walked.links.map(({ path: p, target }) => ({ path: p, target }));
  if (walked.problem) return { resolved: walked.resolved, problems: [walked.problem], links };
  const problems: string[] = [];
  for (const link of walked.links) {
    // The link itself as the leaf: its owner counts, its mode (always 0777) does not.
    const stats = [{ ...link.stat, mode: 0o755 }, ...(yield* lstatAll(pathAndParents(link.path).slice(1)))];
    const about = `the symbolic link ${link.path} -> ${link.target}`;
    for (const p of judgeTrust(link.path, true, stats, owners)) problems.push(`${about}: ${p.replace(`${link.path} belongs to`, 'it belongs to').replace(/who could change it;/, 'who could point it elsewhere;')}`);
  }
  // Folders to be made: the first missing name is judged as a file that does not exist yet.
  let judged = walked.resolved;
  let leafExists = walked.leafExists;
  if (!leafExists && options.missingParents) {
    const parts = pathAndParents(walked.resolved).reverse();
    let i = 0;
    while (i < parts.length && lstatOf(yield { op: 'lstat', path: parts[i]! })) i++;
    judged = parts[i] ?? walked.resolved;
    leafExists = i >= parts.length;
  }
  const chain = pathAndParents(judged);
  const stats = [leafExists ? lstatOf(yield { op: 'lstat', path: judged }) : undefined, ...(yield* lstatAll(chain.slice(1)))];
  problems.push(...judgeTrust(judged, leafExists, stats, owners));
  return { resolved: walked.resolved, problems: [...new Set(problems)], links };
}

/** The trust check on a host's files (see trustSteps). */
export async function checkTrustedPath(files: HostFiles, uid: number, path: string, options: TrustOptions = {}): Promise<TrustVerdict> {
  const steps = trustSteps(uid, path, options);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    const q = step.value;
    const answer: FsAnswer = q.op === 'lstat' ? await files.lstat(q.path).catch((e: unknown) => e as Error) : await files.readlink(q.path).catch(() => undefined);
    step = steps.next(answer);
  }
}

/** The same check answered synchronously (svctui's own state folder, before anything is made). */
export function checkTrustedPathWith(answer: (q: FsQuestion) => FsAnswer, uid: number, path: string, options: TrustOptions = {}): TrustVerdict {
  const steps = trustSteps(uid, path, options);
  for (let step = steps.next(); ; ) {
    if (step.done) return step.value;
    step = steps.next(answer(step.value));
  }
}
