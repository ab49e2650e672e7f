// Running a program and collecting its output, in words when it cannot run. Hosts build on this:
// LocalHost runs the tool itself, SshHost runs ssh with the tool as the remote command. Where it
// runs is the host's choice too: in this thread (execa, loaded on first use) or, for the TUI, in
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

/** Runs a program in this thread. */
export async function runInThread(file: string, args: string[], o: ToolOptions): Promise<ToolResult> {
  const { execa } = await import('execa');
  const r = await execa(file, args, {
    reject: false,
    timeout: o.timeoutMs,
    cwd: o.cwd,
    ...(o.input !== undefined ? { input: o.input } : { stdin: 'ignore' as const }),
    env: o.env,
  });
  const code = (r as { code?: string }).code;
  const stdout = String(r.stdout ?? '');
  return {
    stdout: o.journalJson ? '' : stdout,
    journal: o.journalJson ? parseJournalJson(stdout) : undefined,
    stderr: String(r.stderr ?? ''),
    exitCode: r.exitCode,
    timedOut: Boolean(r.timedOut),
    notFound: code === 'ENOENT' || /ENOENT/.test(String(r.message ?? '')),
    failure: r.failed && r.exitCode === undefined && !r.timedOut ? String(r.shortMessage ?? r.message) : undefined,
  };
}

/** A program that keeps running and writing (journalctl -f), until stopped. */
export interface Follower {
  stop(): void;
  /** When it ended: its exit status and what it said on stderr. */
  ended: Promise<{ exitCode: number | null; stderr: string }>;
}

/** Starts a program whose output is handed over as it comes; stdin is never the terminal. */
export function followInThread(file: string, args: string[], o: { env?: Record<string, string> }, onText: (text: string) => void): Follower {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: o.env ? { ...process.env, ...o.env } : process.env });
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
