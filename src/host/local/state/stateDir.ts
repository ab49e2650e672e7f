// svctui's own state folder (run history, edits not applied yet, the crash log). It comes from
// $XDG_STATE_HOME or the home the password database gives this user — never $HOME (sudo may keep
// another user's) and never a shared folder such as /tmp, which another user could create first.
// It is created 0700 and used only when it, and every folder above it, is this user's or root's.
import { lstatSync, chmodSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { checkTrustedPathSync, describeFsError, ensureDirSync } from '../safeFs.js';

export interface StateFolder {
  /** The folder, ready to use; undefined when there is none svctui can trust. */
  path?: string;
  /** Why there is none, in words (say it once; svctui goes on without remembering). */
  problem?: string;
}

/** Where the state folder would be: $XDG_STATE_HOME/svctui or <home>/.local/state/svctui. */
export function stateFolderPath(env: NodeJS.ProcessEnv = process.env): { path?: string; problem?: string } {
  const xdg = env.XDG_STATE_HOME;
  // The XDG spec: a relative value is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return { path: join(xdg, 'svctui') };
  let home: string;
  try {
    home = userInfo().homedir;
  } catch {
    return { problem: `this user (uid ${process.geteuid?.() ?? '?'}) has no entry in the password database and XDG_STATE_HOME is not set` };
  }
  if (!home || !isAbsolute(home) || home === '/') return { problem: `this user's home in the password database ("${home}") cannot hold svctui's state, and XDG_STATE_HOME is not set` };
  return { path: join(home, '.local', 'state', 'svctui') };
}

const cache = new Map<string, StateFolder>();

/**
 * The state folder, created 0700 if missing and checked: a real folder (not a symlink), this
 * user's, not open to others, under folders only root or this user can change.
 */
export function stateFolder(env: NodeJS.ProcessEnv = process.env): StateFolder {
  const where = stateFolderPath(env);
  if (!where.path) return { problem: `svctui has no state folder: ${where.problem}; runs are not remembered and unapplied edits are not kept` };
  return openStateFolderAt(where.path);
}

/** A folder of svctui's own state at an explicit place (the demo's), with the same checks. */
export function openStateFolderAt(path: string): StateFolder {
  const hit = cache.get(path);
  if (hit) return hit;
  const result = checkStateFolder(path);
  cache.set(path, result);
  return result;
}

function checkStateFolder(path: string): StateFolder {
  const uid = process.geteuid?.() ?? 0;
  const refuse = (why: string): StateFolder => ({ problem: `svctui does not use its state folder ${path}: ${why}; runs are not remembered and unapplied edits are not kept` });
  // Judged before anything is made: a folder under another user's (an XDG_STATE_HOME that sudo
  // kept, say) is refused without leaving a trace there.
  const before = checkTrustedPathSync(path, { missingParents: true });
  if (before.problems.length) return refuse(before.problems.join('; '));
  try {
    ensureDirSync(path, 0o700);
    const st = lstatSync(path);
    if (!st.isDirectory()) return refuse('it is not a folder (a symbolic link?)');
    if (st.uid !== uid) return refuse(`it belongs to uid ${st.uid}, not to this user (uid ${uid})`);
    // Ours but open to others (made by an older svctui under a loose umask): close it.
    if (st.mode & 0o077) chmodSync(path, 0o700);
  } catch (err) {
    return refuse(describeFsError(err, 'use', path).message.replace(/^cannot use \S+: /, ''));
  }
  const trust = checkTrustedPathSync(path);
  if (trust.problems.length) return refuse(trust.problems.join('; '));
  return { path };
}
