// The only module that touches dbus-next. It works around the library's known defects:
// - no call timeouts: every call here has one, and a hung peer becomes a SystemdError naming the call;
// - match rules are never removed: we add ours once per connection, never per unit or row;
// - a failed Hello becomes an unhandled rejection: we attach our own handlers before it can fire;
// - generated proxies cannot set header flags: we send low-level messages (flag 0x4 allows
//   interactive polkit authorization for calls that change state).
import dbus from 'dbus-next';
import { EventEmitter } from 'node:events';

const { Message, MessageType } = dbus;
type DBusMessage = InstanceType<typeof Message>;

export const SYSTEMD_BUS_NAME = 'org.freedesktop.systemd1';
export const MANAGER_PATH = '/org/freedesktop/systemd1';
export const MANAGER_IFACE = 'org.freedesktop.systemd1.Manager';
export const PROPERTIES_IFACE = 'org.freedesktop.DBus.Properties';
const ALLOW_INTERACTIVE_AUTHORIZATION = 0x4;

export type Scope = 'system' | 'user';

export interface BusTarget {
  scope: Scope;
  /** Explicit address; otherwise the scope's usual one. */
  address?: string;
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

function describeTarget(target: BusTarget, address: string): string {
  return target.scope === 'system' ? `the system bus (${address})` : `the user bus (${address})`;
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

/** One connection to a bus, talking to systemd. Emits 'signal' (SignalMessage) and 'disconnect'. */
export class BusConnection extends EventEmitter {
  private closed = false;
  /** The manager's Version, read when connecting. */
  managerVersion = '';
  private readonly matches = new Set<string>();
  /** Calls in flight: on close or disconnect they fail at once instead of waiting for their timeout. */
  private readonly pending = new Set<(err: SystemdError) => void>();

  private constructor(
    private readonly bus: dbus.MessageBus,
    readonly target: BusTarget,
    readonly address: string,
    readonly defaultTimeoutMs: number,
  ) {
    super();
    bus.on('message', (msg: DBusMessage) => {
      if (msg.type === MessageType.SIGNAL) {
        this.emit('signal', { path: msg.path, interface: msg.interface, member: msg.member, body: msg.body } satisfies SignalMessage);
      }
    });
    const onGone = () => {
      if (this.closed) return;
      this.closed = true;
      this.failPending(`the connection to ${this.address} was lost`);
      this.emit('disconnect');
    };
    bus.on('error', onGone);
    (bus as unknown as { _connection?: EventEmitter })._connection?.on('end', onGone);
  }

  static async connect(target: BusTarget, options: { timeoutMs?: number } = {}): Promise<BusConnection> {
    const address = resolveBusAddress(target);
    const timeoutMs = options.timeoutMs ?? 25_000;
    const where = describeTarget(target, address);
    const hint =
      target.scope === 'system'
        ? 'Is systemd running as PID 1 here? Try --user for your user manager, or --demo for a private sandbox.'
        : 'Is a user manager running (systemd --user)? Check XDG_RUNTIME_DIR / DBUS_SESSION_BUS_ADDRESS, or try --demo.';
    let bus: dbus.MessageBus;
    try {
      bus = dbus.sessionBus({ busAddress: address });
    } catch (err) {
      throw new SystemdError('no-bus', `cannot connect to ${where}: ${(err as Error).message}. ${hint}`);
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        disconnectQuietly(bus);
        reject(new SystemdError('timeout', `connecting to ${where} did not complete within ${timeoutMs} ms. ${hint}`));
      }, Math.min(timeoutMs, 10_000));
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onError = (err: Error) => {
        cleanup();
        disconnectQuietly(bus);
        const code = (err as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'no such socket' : code === 'ECONNREFUSED' ? 'connection refused' : code === 'EACCES' ? 'permission denied' : err.message;
        reject(new SystemdError('no-bus', `cannot connect to ${where}: ${reason}. ${hint}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        bus.off('connect', onConnect);
        bus.off('error', onError);
      };
      bus.on('connect', onConnect);
      bus.on('error', onError);
    });
    // Keep an error listener forever: an 'error' event without one would crash the process.
    bus.on('error', () => undefined);
    const conn = new BusConnection(bus, target, address, timeoutMs);
    // systemd must be on this bus: one cheap call tells us (and gives its version), or a clear message.
    conn.managerVersion = String(
      await conn.getProperty(MANAGER_PATH, MANAGER_IFACE, 'Version').catch((err: unknown) => {
        conn.close();
        const e = translateError(err, `systemd on ${where}`);
        throw new SystemdError(e.kind === 'timeout' ? 'timeout' : 'no-bus', `${e.message}. ${hint}`, e.dbusName);
      }),
    );
    return conn;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Calls a method; `what` names the call in error messages. */
  async call(
    path: string,
    iface: string,
    member: string,
    signature: string,
    body: unknown[],
    options: CallOptions = {},
    destination = SYSTEMD_BUS_NAME,
  ): Promise<unknown[]> {
    const what = `${member}${body.length && typeof body[0] === 'string' ? `(${body[0]})` : ''}`;
    if (this.closed) throw new SystemdError('disconnected', `${what}: the connection to ${this.address} is closed`);
    const msg = new Message({
      destination,
      path,
      interface: iface,
      member,
      signature,
      body,
      flags: options.interactive ? ALLOW_INTERACTIVE_AUTHORIZATION : 0,
    } as ConstructorParameters<typeof Message>[0]);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    let fail: ((err: SystemdError) => void) | undefined;
    try {
      const reply = await Promise.race([
        this.bus.call(msg),
        new Promise<never>((_, reject) => {
          fail = (err) => reject(new SystemdError(err.kind, `${what}: ${err.message}`));
          this.pending.add(fail);
          timer = setTimeout(() => reject(new SystemdError('timeout', `${what} did not answer within ${timeoutMs} ms (${this.address})`)), timeoutMs);
        }),
      ]);
      return (reply?.body ?? []) as unknown[];
    } catch (err) {
      throw translateError(err, what);
    } finally {
      clearTimeout(timer);
      if (fail) this.pending.delete(fail);
    }
  }

  async getProperty(path: string, iface: string, name: string): Promise<unknown> {
    const [variant] = await this.call(path, PROPERTIES_IFACE, 'Get', 'ss', [iface, name]);
    return (variant as { value: unknown }).value;
  }

  /** Properties.GetAll; an empty interface returns every interface's properties (as systemctl does). */
  async getAllProperties(path: string, iface = ''): Promise<Record<string, unknown>> {
    const [dict] = await this.call(path, PROPERTIES_IFACE, 'GetAll', 's', [iface]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(dict as Record<string, { value: unknown }>)) out[k] = v.value;
    return out;
  }

  /** Adds a match rule once per connection (dbus-next never removes them, so neither do we). */
  async addMatch(rule: string): Promise<void> {
    if (this.matches.has(rule)) return;
    this.matches.add(rule);
    await this.call('/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [rule], {}, 'org.freedesktop.DBus');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failPending('the connection was closed');
    disconnectQuietly(this.bus);
  }

  private failPending(reason: string): void {
    for (const fail of [...this.pending]) fail(new SystemdError('disconnected', reason));
    this.pending.clear();
  }
}

function disconnectQuietly(bus: dbus.MessageBus): void {
  try {
    bus.disconnect();
  } catch {
    // already closed
  }
}
