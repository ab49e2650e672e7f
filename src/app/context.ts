// What every command needs: a connection to the chosen manager and where its journal is.
import { SystemdError, type Scope } from '../host/bus.js';
import { mangleUnitName, unitNameProblem } from '../core/names.js';
import type { JournalSource } from './journal.js';
import { Systemd } from './manager.js';
import type { BecomeOptions, Host } from '../host/host.js';
import { learnLocalZone, LocalHost } from '../host/local/localHost.js';
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
  /** -H: the host to manage over SSH ([user@]host[:port], or an alias from ~/.ssh/config). */
  host?: string;
  /** A person is at a terminal (ssh may then ask for a password or passphrase). */
  interactive?: boolean;
  /** -H hosts: act there through sudo as this user (--become, Ansible's become); sudo must not ask. */
  become?: BecomeOptions;
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
  /**
   * Runs from the journal, svctui's store and D-Bus: opened when first asked for (its SQLite store
   * and the journal's records cost time a command often does not need).
   */
  history(): Promise<RunHistory>;
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

/** The machine svctui manages: this one, or the -H host over SSH (errors in words). */
/** systemctl's exit status for a unit that does not exist. */
export const EXIT_NO_SUCH_UNIT = 4;

/** A unit that systemd can find, or a CommandError with exit 4 (like systemctl status). */
export async function requireUnit(systemd: Systemd, unit: string): Promise<void> {
  const load = String(await systemd.unitProperty(unit, 'org.freedesktop.systemd1.Unit', 'LoadState'));
  if (load === 'not-found') throw new CommandError(`Unit ${unit} could not be found.`, EXIT_NO_SUCH_UNIT);
}

export async function openHost(options: GlobalOptions): Promise<Host> {
  // Times are shown in this machine's zone, whichever host they come from.
  learnLocalZone();
  if (!options.host) return new LocalHost();
  const { SshHost } = await import('../host/ssh/sshHost.js');
  return SshHost.open(options.host, { timeoutMs: options.timeoutMs, interactive: options.interactive, become: options.become });
}

export async function connect(host: Host, options: GlobalOptions): Promise<Systemd> {
  try {
    return await Systemd.connect(host, { scope: options.scope, address: options.busAddress }, { timeoutMs: options.timeoutMs });
  } catch (err) {
    if (err instanceof SystemdError) throw new CommandError(err.message, 1);
    throw err;
  }
}

/**
 * The interactive UI's connection: served by a worker thread, usable at once (calls wait for the
 * connection), so the UI can load while it connects. Await `connected` for errors in words.
 * `shared`: one worker for many hosts (the fleet), not a thread each.
 */
export function openInWorker(host: Host, options: GlobalOptions, o: { shared?: boolean } = {}): Systemd {
  return Systemd.inWorker(host, { scope: options.scope, address: options.busAddress }, { timeoutMs: options.timeoutMs, shared: o.shared });
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

export function journalSource(host: Host, options: GlobalOptions): JournalSource {
  return options.journalDir ? { host, directory: options.journalDir } : { host };
}

/** Runs are remembered per manager: its host, its scope and, when given, its bus address. */
export function managerKey(options: GlobalOptions): string {
  const key = `${options.scope}:${options.busAddress ?? 'default'}`;
  return options.host ? `ssh:${options.host}:${key}` : key;
}

export async function openHistory(host: Host, options: GlobalOptions): Promise<RunHistory> {
  const store = await HistoryStore.open(options.storePath, managerKey(options));
  return new RunHistory(options.scope, journalSource(host, options), store);
}

/**
 * A command's run history, opened on first use; `close` writes what is held (a bounded wait for
 * another process's lock) and closes the store.
 */
export function lazyHistory(open: () => Promise<RunHistory>): { history: () => Promise<RunHistory>; close: () => Promise<void> } {
  let opened: Promise<RunHistory> | undefined;
  return {
    history: () => (opened ??= open()),
    close: async () => {
      const h = await opened?.catch(() => undefined);
      h?.flush({ final: true });
      h?.store?.close();
    },
  };
}
