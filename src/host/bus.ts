// What every layer may know about the bus without loading dbus-next: targets and addresses, errors
// in words, the shape of calls and signals, and the Bus interface that both connections implement
// (in this thread: dbus/connection.ts; in a worker thread: dbus/workerBus.ts).
import { EventEmitter } from 'node:events';

export const SYSTEMD_BUS_NAME = 'org.freedesktop.systemd1';
export const MANAGER_PATH = '/org/freedesktop/systemd1';
export const MANAGER_IFACE = 'org.freedesktop.systemd1.Manager';
export const PROPERTIES_IFACE = 'org.freedesktop.DBus.Properties';

export type Scope = 'system' | 'user';

export interface BusTarget {
  scope: Scope;
  /** Explicit address; otherwise the scope's usual one. With `command`: where that command connects. */
  address?: string;
  /**
   * A program whose standard input and output carry the bus (ssh HOST systemd-stdio-bridge …):
   * the connection goes through it instead of a socket here.
   */
  command?: string[];
  /** Written to that command's standard input before the bus (sudo -S's password line), never logged. */
  commandInput?: string;
  /** Which machine, in messages ("web1 (over SSH)"); this machine when absent. */
  hostLabel?: string;
}

export type SystemdErrorKind =
  | 'no-bus'
  | 'timeout'
  | 'no-such-unit'
  | 'access-denied'
  | 'interactive-auth'
  | 'invalid-argument'
  | 'disconnected'
  | 'dbus';

export class SystemdError extends Error {
  override name = 'SystemdError';
  constructor(
    readonly kind: SystemdErrorKind,
    message: string,
    readonly dbusName?: string,
  ) {
    super(message);
  }
}

export function resolveBusAddress(target: BusTarget, env: NodeJS.ProcessEnv = process.env): string {
  if (target.address) return target.address;
  if (target.scope === 'system') return env.DBUS_SYSTEM_BUS_ADDRESS || 'unix:path=/run/dbus/system_bus_socket';
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS;
  if (env.XDG_RUNTIME_DIR) return `unix:path=${env.XDG_RUNTIME_DIR}/bus`;
  return `unix:path=/run/user/${process.getuid?.() ?? 0}/bus`;
}

export function describeTarget(target: BusTarget, address: string): string {
  const on = target.hostLabel ? ` of ${target.hostLabel}` : '';
  return target.scope === 'system' ? `the system bus${on} (${address})` : `the user bus${on} (${address})`;
}

/** Turns a dbus-next error into our error, with words a user can act on. */
export function translateError(err: unknown, what: string): SystemdError {
  if (err instanceof SystemdError) return err;
  const e = err as { type?: string; text?: string; message?: string };
  const type = e.type ?? '';
  const text = e.text ?? e.message ?? String(err);
  switch (type) {
    case 'org.freedesktop.systemd1.NoSuchUnit':
      return new SystemdError('no-such-unit', text, type);
    case 'org.freedesktop.DBus.Error.AccessDenied':
      return new SystemdError('access-denied', `${what}: access denied (${text}). Run as root, or allow it with a polkit rule.`, type);
    case 'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired':
      return new SystemdError(
        'interactive-auth',
        `${what}: interactive authorization required (${text}). Run as root (sudo), or run a polkit agent.`,
        type,
      );
    case 'org.freedesktop.DBus.Error.InvalidArgs':
      return new SystemdError('invalid-argument', `${what}: ${text}`, type);
    case 'org.freedesktop.DBus.Error.ServiceUnknown':
    case 'org.freedesktop.DBus.Error.NameHasNoOwner':
      return new SystemdError('no-bus', `${what}: no systemd manager on this bus (${text})`, type);
    default:
      return new SystemdError('dbus', type ? `${what}: ${text} (${type})` : `${what}: ${text}`, type || undefined);
  }
}

export interface CallOptions {
  timeoutMs?: number;
  /** Allow polkit to prompt (header flag 0x4); set for calls that change state. */
  interactive?: boolean;
}

export interface SignalMessage {
  path: string;
  interface: string;
  member: string;
  body: unknown[];
}

/** How to say what to try when a manager cannot be reached. */
export function connectHint(target: BusTarget): string {
  if (target.hostLabel) {
    return target.scope === 'system'
      ? `Is systemd running as PID 1 on ${target.hostLabel}? Try --user for your user manager there.`
      : `Is a user manager running for your user on ${target.hostLabel} (loginctl enable-linger, or an open session)?`;
  }
  return target.scope === 'system'
    ? 'Is systemd running as PID 1 here? Try --user for your user manager, or --demo for a private sandbox.'
    : 'Is a user manager running (systemd --user)? Check XDG_RUNTIME_DIR / DBUS_SESSION_BUS_ADDRESS, or try --demo.';
}

/** A D-Bus variant in a call's arguments (kept plain so it can cross to a worker thread). */
export interface VariantArg {
  dbusVariant: string;
  value: unknown;
}

export function variant(signature: string, value: unknown): VariantArg {
  return { dbusVariant: signature, value };
}

/** A SystemdError as plain data (to cross threads) and back. */
export interface ErrorData {
  kind: SystemdErrorKind;
  message: string;
  dbusName?: string;
}

export const errorData = (e: SystemdError): ErrorData => ({ kind: e.kind, message: e.message, dbusName: e.dbusName });
export const errorFromData = (d: ErrorData): SystemdError => new SystemdError(d.kind, d.message, d.dbusName);

/** One connection to a bus, talking to systemd. Emits 'signal' (SignalMessage) and 'disconnect'. */
export interface Bus extends Pick<EventEmitter, 'on' | 'off' | 'once'> {
  readonly target: BusTarget;
  readonly address: string;
  /** The manager's Version, read when connecting. */
  readonly managerVersion: string;
  /** This connection's unique name on the bus (":1.42"), from Hello. */
  readonly uniqueName: string;
  readonly isClosed: boolean;
  /** Calls a method; errors are SystemdErrors in words. */
  call(path: string, iface: string, member: string, signature: string, body: unknown[], options?: CallOptions, destination?: string): Promise<unknown[]>;
  getProperty(path: string, iface: string, name: string): Promise<unknown>;
  /** Properties.GetAll; an empty interface returns every interface's properties (as systemctl does). */
  getAllProperties(path: string, iface?: string): Promise<Record<string, unknown>>;
  /** GetAll with each value's D-Bus signature, in the order the object gave them (systemctl show). */
  getAllTyped(path: string, iface?: string): Promise<[string, { signature: string; value: unknown }][]>;
  /** Adds a match rule once per connection. */
  addMatch(rule: string): Promise<void>;
  /**
   * PropertiesChanged signals carry only these properties from now on (all when undefined): a
   * service's change lists dozens, with command arrays, where a unit table needs a handful.
   */
  keepSignalProperties(names: readonly string[] | undefined): void;
  close(): void;
}

/** What both connections share: the property reads, made of their call(). */
export abstract class BusBase extends EventEmitter implements Bus {
  abstract readonly target: BusTarget;
  abstract readonly address: string;
  abstract readonly managerVersion: string;
  abstract readonly uniqueName: string;
  abstract readonly isClosed: boolean;
  abstract call(path: string, iface: string, member: string, signature: string, body: unknown[], options?: CallOptions, destination?: string): Promise<unknown[]>;
  abstract addMatch(rule: string): Promise<void>;
  abstract keepSignalProperties(names: readonly string[] | undefined): void;
  abstract close(): void;

  async getProperty(path: string, iface: string, name: string): Promise<unknown> {
    const [value] = await this.call(path, PROPERTIES_IFACE, 'Get', 'ss', [iface, name]);
    return (value as { value: unknown }).value;
  }

  /** Properties.GetAll; an empty interface returns every interface's properties (as systemctl does). */
  async getAllProperties(path: string, iface = ''): Promise<Record<string, unknown>> {
    const [dict] = await this.call(path, PROPERTIES_IFACE, 'GetAll', 's', [iface]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(dict as Record<string, { value: unknown }>)) out[k] = v.value;
    return out;
  }

  async getAllTyped(path: string, iface = ''): Promise<[string, { signature: string; value: unknown }][]> {
    const [dict] = await this.call(path, PROPERTIES_IFACE, 'GetAll', 's', [iface]);
    return Object.entries(dict as Record<string, { signature: string; value: unknown }>).map(([k, v]) => [k, { signature: v.signature, value: v.value }]);
  }
}

/**
 * Someone to answer polkit's questions: runs `call` (sent with the allow-interactive-authorization
 * flag) while polkit's text agent for this process has the terminal. See local/authAgent.ts.
 */
export interface AuthAgent {
  run<T>(call: () => Promise<T>): Promise<T>;
}

/** An agent's own failures, as SystemdError.dbusName: the person cancelled; the agent could not ask. */
export const AGENT_CANCELLED = 'svctui.AuthCancelled';
export const AGENT_FAILED = 'svctui.AuthAgentFailed';
