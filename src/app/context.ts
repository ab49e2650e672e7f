// What every command needs: a connection to the chosen manager and where its journal is.
import { SystemdError, type Scope } from '../host/bus.js';
import { mangleUnitName, unitNameProblem } from '../core/names.js';
import type { JournalSource } from './journal.js';
import { Systemd } from './manager.js';
import { RunHistory } from './runHistory.js';
import { HistoryStore } from '../host/local/state/historyStore.js';

export interface GlobalOptions {
  scope: Scope;
  busAddress?: string;
  journalDir?: string;
  demo: boolean;
  timeoutMs?: number;
  /** Where svctui keeps its run history (default under $XDG_STATE_HOME/svctui). */
  storePath?: string;
  /** Ask for a password when polkit wants one (false: --no-ask-password). */
  askPassword?: boolean;
}

/** A failure to report in words with an exit code; never a stack trace. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface CommandContext {
  systemd: Systemd;
  journal: JournalSource;
  /** Runs from the journal, svctui's store and D-Bus. */
  history: RunHistory;
  options: GlobalOptions;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
}

/** A unit named on the command line: a bare name means .service (like systemctl); checked in words. */
export function unitArgument(raw: string): string {
  const unit = mangleUnitName(raw);
  const problem = unitNameProblem(unit);
  if (problem) throw new CommandError(`Invalid unit name "${raw}": ${problem}.`, 1);
  return unit;
}

export async function connect(options: GlobalOptions): Promise<Systemd> {
  try {
    return await Systemd.connect({ scope: options.scope, address: options.busAddress }, { timeoutMs: options.timeoutMs });
  } catch (err) {
    if (err instanceof SystemdError) throw new CommandError(err.message, 1);
    throw err;
  }
}

/**
 * The interactive UI's connection: served by a worker thread, usable at once (calls wait for the
 * connection), so the UI can load while it connects. Await `connected` for errors in words.
 */
export function openInWorker(options: GlobalOptions): Systemd {
  const systemd = Systemd.inWorker({ scope: options.scope, address: options.busAddress }, { timeoutMs: options.timeoutMs });
  systemd.runToolsInWorker();
  return systemd;
}

/** Waits for a connection opened with openInWorker; failures become CommandErrors. */
export async function connected(systemd: Systemd): Promise<Systemd> {
  try {
    await systemd.ready;
    return systemd;
  } catch (err) {
    systemd.close();
    if (err instanceof SystemdError) throw new CommandError(err.message, 1);
    throw err;
  }
}

export function journalSource(options: GlobalOptions): JournalSource {
  return options.journalDir ? { directory: options.journalDir } : {};
}

/** Runs are remembered per manager: its scope and, when given, its bus address. */
export function managerKey(options: GlobalOptions): string {
  return `${options.scope}:${options.busAddress ?? 'default'}`;
}

export async function openHistory(options: GlobalOptions): Promise<RunHistory> {
  const store = await HistoryStore.open(options.storePath, managerKey(options));
  return new RunHistory(options.scope, journalSource(options), store);
}
