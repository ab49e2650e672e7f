// The Host boundary: everything svctui does to a machine — its managers' buses, its tools
// (journalctl, systemd-analyze), its files, /proc — goes through one of these. LocalHost is this
// machine; SshHost is another one over SSH (svctui -H). Code above the host layer never touches
// node:fs, child processes or sockets for the managed machine; svctui's own state (history, kept
// edits) is on this machine whatever the host (host/local/state).
import type { Bus, BusTarget } from './bus.js';
import type { Follower, ToolOptions, ToolResult } from './tools.js';

export type { Follower, ToolOptions, ToolResult };

/** What lstat/stat say about a path: its kind, owner, and permission bits (with the sticky bit). */
export interface FileStat {
  type: 'file' | 'dir' | 'symlink' | 'other';
  uid: number;
  /** The mode's permission bits, 0o7777. */
  mode: number;
}

export interface WriteOptions {
  /** The file's mode, exactly (default 0644). */
  mode?: number;
  /** The mode of folders created for it (default 0755). */
  dirMode?: number;
}

/** A host's files. Failures are FileErrors in words (host/files.ts). */
export interface HostFiles {
  /** A file's text (following symlinks, as systemd does); undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
  /** The path itself (a symlink is reported as one); undefined when it does not exist. */
  lstat(path: string): Promise<FileStat | undefined>;
  /** What the path leads to; undefined when it does not exist (or is a dangling link). */
  stat(path: string): Promise<FileStat | undefined>;
  /** A symlink's target; undefined when the path is not a symlink. */
  readlink(path: string): Promise<string | undefined>;
  /** The names in a folder, sorted; empty when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** The path with every symlink resolved; a FileError (code ENOENT…) when that is not possible. */
  realpath(path: string): Promise<string>;
  /** Whether this user may create files in the folder. */
  canWrite(dir: string): Promise<boolean>;
  /** Creates the missing folders of `path` with exactly `mode`; returns those it created. */
  ensureDir(path: string, mode: number): Promise<string[]>;
  /**
   * Writes a file so that readers see the old text or the new, never half, and never through a
   * planted file or symlink: a temp file created exclusively next to it, then renamed over it.
   */
  writeAtomic(path: string, text: string, options?: WriteOptions): Promise<void>;
  /** Removes a file (or, with recursive, a folder and all in it); a missing path is fine. */
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** Removes a folder if it is empty; any failure is ignored. */
  removeEmptyDir(path: string): Promise<void>;
  /** A new folder only this user can enter (mode 0700), in the host's temporary folder. */
  makeTempDir(prefix: string): Promise<string>;
  chmod(path: string, mode: number): Promise<void>;
}

/** Who svctui is on the host, and the host's facts that do not change while it runs. */
export interface HostIdentity {
  /** The host's name (for the header and messages). */
  hostname: string;
  uid: number;
  user: string;
  home: string;
  /** $XDG_RUNTIME_DIR, or /run/user/UID. */
  runtimeDir: string;
  /** The names of the user's groups. */
  groups: string[];
  /** This boot's id (32 hex digits), or '' when unknown. */
  bootId: string;
}

export interface Host {
  readonly kind: 'local' | 'ssh';
  /** How the user named it: "this machine", or the ssh destination as given to -H. */
  readonly name: string;
  readonly identity: HostIdentity;
  readonly files: HostFiles;
  /** Runs a program on the host and waits for it (never through a shell on this machine). */
  run(file: string, args: string[], options: ToolOptions): Promise<ToolResult>;
  /** Runs a program that keeps writing (journalctl -f), its output handed over as it comes. */
  follow(file: string, args: string[], options: { env?: Record<string, string> }, onText: (text: string) => void): Follower;
  /** Whether a program is installed there (in PATH, or an absolute path). */
  hasCommand(name: string): Promise<boolean>;
  /** The names of processes (/proc/PID/comm), for the ones that still exist. */
  processNames(pids: readonly number[]): Promise<Map<number, string>>;
  /** The host's wall clock and monotonic clock now, in µs (a timer's next elapse needs both). */
  clock(): Promise<{ realtimeUs: bigint; monotonicUs: bigint }>;
  /** How a connection to one of its managers' buses is made (plain data: it may cross to a worker). */
  busTarget(target: BusTarget): BusTarget;
  /** A connection in this thread. */
  connectBus(target: BusTarget, options: { timeoutMs?: number }): Promise<Bus>;
  /**
   * A connection served by a worker thread (the TUI's), usable at once; `ready` says when it is up
   * or why not. Tools then run in that worker too (a fork never holds up a key or a frame).
   */
  busInWorker(target: BusTarget, options: { timeoutMs?: number; shared?: boolean }): Bus & { ready: Promise<void> };
  /** What to tell a user who lacks the right to change something there. */
  asRootHint(retry?: string): Promise<string>;
  close(): Promise<void>;
  /** Closed (an SSH host after close): a new connection is needed. */
  readonly isClosed?: boolean;
}

/** Privilege on a far side reached over SSH (--become, Ansible's become): sudo there. */
export interface BecomeOptions {
  /** The user to become (root when not given). */
  user?: string;
  /**
   * Asks for the sudo password when sudo there wants one (on the terminal, not echoed); none:
   * such a host is refused in words. The answer is kept in this process's memory for this host
   * only, and goes to sudo on its standard input — never in an argument or the environment.
   */
  askPassword?: (prompt: string) => Promise<string | undefined>;
}

