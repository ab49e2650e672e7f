// Running a program and collecting its output, in words when it cannot run. Hosts build on this:
// LocalHost runs the tool itself, SshHost runs ssh with the tool as the remote command. Where it
// runs is the host's choice too: in this thread (node:child_process) or, for the TUI, in
// the D-Bus worker thread, so that starting a process (a fork of this whole process, several ms)
// never holds up keys or frames.
import { spawn } from 'node:child_process';
import { parseJournalJson, type JournalEntry } from '../core/journalJson.js';

export interface ToolOptions {
  timeoutMs: number;
  /** The output is journalctl -o json: return it parsed (in `journal`), where the tool ran. */
  journalJson?: boolean;
  cwd?: string;
  /** Added to the environment it runs with. */
  env?: Record<string, string>;
  /** Text for its standard input (none: it reads nothing). */
  input?: string;
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode?: number;
  timedOut: boolean;
  /** The tool is not installed. */
  notFound: boolean;
  /** Why it could not run, when it could not. */
  failure?: string;
  /** The parsed output, with journalJson (stdout is then empty). */
  journal?: JournalEntry[];
}

export type ToolRunner = (file: string, args: string[], options: ToolOptions) => Promise<ToolResult>;

/**
 * Runs a program in this thread, with node:child_process directly: execa costs ~10 ms more on a
 * first call (and its module more to load), which a one-shot `svctui status` pays for nothing.
 */
export function runInThread(file: string, args: string[], o: ToolOptions): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: o.cwd, env: o.env ? { ...process.env, ...o.env } : process.env, stdio: [o.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let failure: string | undefined;
    let notFound = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, o.timeoutMs);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    if (o.input !== undefined) {
      child.stdin!.on('error', () => undefined); // a program that does not read its input
      child.stdin!.end(o.input);
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      notFound = e.code === 'ENOENT';
      failure = e.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      resolve({
        stdout: o.journalJson ? '' : stdout,
        journal: o.journalJson ? parseJournalJson(stdout) : undefined,
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? undefined,
        timedOut,
        notFound,
        failure: code === null && !timedOut ? (failure ?? 'it was killed by a signal') : undefined,
      });
    });
  });
}

/** A program that keeps running and writing (journalctl -f), until stopped. */
export interface Follower {
  stop(): void;
  /** When it ended: its exit status and what it said on stderr. */
  ended: Promise<{ exitCode: number | null; stderr: string }>;
}

/** Starts a program that keeps writing; where it runs is the host's choice (as for ToolRunner). */
/** How a follower runs: its environment, and text for its standard input (then left open). */
export interface FollowOptions {
  env?: Record<string, string>;
  input?: string;
}

export type FollowRunner = (file: string, args: string[], options: FollowOptions, onText: (text: string) => void) => Follower;

/** Starts a program whose output is handed over as it comes; stdin is never the terminal. */
export function followInThread(file: string, args: string[], o: FollowOptions, onText: (text: string) => void): Follower {
  const child = spawn(file, args, { stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: o.env ? { ...process.env, ...o.env } : process.env });
  if (o.input !== undefined) {
    child.stdin!.on('error', () => undefined);
    child.stdin!.write(o.input);
  }
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (text: string) => onText(text));
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-2000);
  });
  const ended = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => {
    child.on('error', (err) => resolve({ exitCode: null, stderr: err.message }));
    child.on('close', (code) => resolve({ exitCode: code, stderr }));
  });
  return { stop: () => void child.kill('SIGTERM'), ended };
}
