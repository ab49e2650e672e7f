// Running systemd's own tools (journalctl, systemd-analyze). Where they run is pluggable: in this
// thread (execa, loaded on first use), or, for the TUI, in the D-Bus worker thread, so that
// starting a process (a fork of this whole process, several ms) never holds up keys or frames.
import { parseJournalJson, type JournalEntry } from '../../core/journalJson.js';

export interface ToolOptions {
  timeoutMs: number;
  /** The output is journalctl -o json: return it parsed (in `journal`), where the tool ran. */
  journalJson?: boolean;
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
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

/** Runs a tool in this thread. */
export async function runInThread(file: string, args: string[], o: ToolOptions): Promise<ToolResult> {
  const { execa } = await import('execa');
  const r = await execa(file, args, { reject: false, timeout: o.timeoutMs, cwd: o.cwd, stdin: 'ignore', env: o.env });
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

let runner: ToolRunner = runInThread;

/** Where tools run from now on (the TUI passes its worker's runner). */
export function setToolRunner(next: ToolRunner): void {
  runner = next;
}

export const runTool: ToolRunner = (file, args, options) => runner(file, args, options);
