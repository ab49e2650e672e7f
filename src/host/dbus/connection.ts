// The in-thread connection, and the only module that touches dbus-next. It works around the
// library's known defects:
// - no call timeouts: every call here has one, and a hung peer becomes a SystemdError naming the call;
// - match rules are never removed: we add ours once per connection, never per unit or row;
// - a failed Hello becomes an unhandled rejection: we attach our own handlers before it can fire;
// - generated proxies cannot set header flags: we send low-level messages (flag 0x4 allows
//   interactive polkit authorization for calls that change state).
// The TUI runs this in a worker thread (busWorker.ts, remoteBus.ts) so decoding never blocks keys.
import dbus from 'dbus-next';
import type { EventEmitter } from 'node:events';
import {
  connectHint,
  describeTarget,
  MANAGER_IFACE,
  MANAGER_PATH,
  PROPERTIES_IFACE,
  resolveBusAddress,
  SYSTEMD_BUS_NAME,
  SystemdError,
  translateError,
  BusBase,
  type BusTarget,
  type CallOptions,
  type SignalMessage,
} from '../bus.js';

export * from '../bus.js';
import { bridgeCommand, type BridgedBus } from './bridge.js';
import { propertiesGetMessage } from './getMessage.js';

const { Message, MessageType } = dbus;
type DBusMessage = InstanceType<typeof Message>;
const ALLOW_INTERACTIVE_AUTHORIZATION = 0x4;

/** Our plain variant arguments become dbus-next Variants (deeply: arrays and dicts may hold them). */
function toDbusValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toDbusValue);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const o = v as Record<string, unknown>;
    if (typeof o.dbusVariant === 'string') return new dbus.Variant(o.dbusVariant, toDbusValue(o.value));
    if (Object.getPrototypeOf(o) === Object.prototype) return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toDbusValue(x)]));
  }
  return v;
}

/** One connection to a bus, talking to systemd. Emits 'signal' (SignalMessage) and 'disconnect'. */
export class BusConnection extends BusBase {
  private closed = false;
  /** The manager's Version, read when connecting. */
  managerVersion = '';
  /** The program carrying the bus, when there is one. */
  bridged: BridgedBus | undefined;

  get uniqueName(): string {
    return String((this.bus as unknown as { name?: string | null }).name ?? '');
  }
  private readonly matches = new Set<string>();
  private keptProperties: Set<string> | undefined;
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
      if (msg.type !== MessageType.SIGNAL) return;
      let body = msg.body as unknown[];
      if (this.keptProperties && msg.member === 'PropertiesChanged' && msg.interface === PROPERTIES_IFACE) {
        const [iface, changed, invalidated] = body as [string, Record<string, unknown>, string[]];
        const kept: Record<string, unknown> = {};
        for (const name of this.keptProperties) if (name in changed) kept[name] = changed[name];
        body = [iface, kept, invalidated.filter((n) => this.keptProperties!.has(n))];
      }
      this.emit('signal', { path: msg.path, interface: msg.interface, member: msg.member, body } satisfies SignalMessage);
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
    const hint = connectHint(target);
    // Through a program (ssh … systemd-stdio-bridge): dbus-next talks to a private socket joined to it.
    const bridged = target.command ? await bridgeCommand(target.command, target.commandInput) : undefined;
    let bus: dbus.MessageBus;
    try {
      // EXTERNAL only: a local bus knows the peer's uid. When it refuses the user, the answer is
      // then at once (with more methods, dbus-next could wait forever on a bus that hung up).
      bus = dbus.sessionBus({ busAddress: bridged?.address ?? address, authMethods: ['EXTERNAL'] } as Parameters<typeof dbus.sessionBus>[0]);
    } catch {
      bridged?.close();
      throw new SystemdError('no-bus', `cannot connect to ${where}: svctui cannot use this address (use unix:path=PATH, unix:abstract=NAME or tcp:host=H,port=P). ${hint}`);
    }
    const connectMs = Math.min(timeoutMs, 10_000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        disconnectQuietly(bus);
        reject(new SystemdError('timeout', `connecting to ${where} did not complete within ${connectMs} ms. ${hint}`));
      }, connectMs);
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onError = (err: Error) => {
        cleanup();
        disconnectQuietly(bus);
        if (bridged) {
          // What the program said is the reason (ssh's own words, or the bridge's).
          const said = bridged.stderr().split('\n').filter(Boolean).pop();
          bridged.close();
          reject(new SystemdError('no-bus', `cannot connect to ${where}: ${said ?? err.message}. ${hint}`));
          return;
        }
        const code = (err as NodeJS.ErrnoException).code;
        const uid = process.geteuid?.() ?? 0;
        const reason =
          code === 'ENOENT'
            ? 'no such socket'
            : code === 'ECONNREFUSED'
              ? 'connection refused'
              : code === 'EACCES'
                ? `permission denied (this user, uid ${uid}, may not open that socket)`
                : code === 'EPIPE' || code === 'ECONNRESET' || /No authentication methods left/.test(err.message)
                  ? `the bus does not accept this user (uid ${uid}) and closed the connection; a user bus accepts only its owner: run svctui as that user, or use --system`
                  : err.message;
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
    if (bridged) conn.once('disconnect', () => bridged.close());
    conn.bridged = bridged;
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
    await this.replySlot();
    try {
      return await this.sendCall(path, iface, member, signature, body, options, destination);
    } finally {
      this.releaseReplySlot();
    }
  }

  private async sendCall(path: string, iface: string, member: string, signature: string, body: unknown[], options: CallOptions, destination: string): Promise<unknown[]> {
    const what = `${member}${body.length && typeof body[0] === 'string' ? `(${body[0]})` : ''}`;
    if (this.closed) throw new SystemdError('disconnected', `${what}: the connection to ${this.address} is closed`);
    const msg = new Message({
      destination,
      path,
      interface: iface,
      member,
      signature,
      body: body.map(toDbusValue),
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

  /**
   * Properties.Get, with the call's bytes written here (getMessage.ts) instead of by dbus-next's
   * generic marshaller: the command line reads one property of every unit. The reply still goes
   * through dbus-next (its serial's handler), so errors and timeouts are those of call().
   */
  override async getProperty(path: string, iface: string, name: string): Promise<unknown> {
    const what = `Get(${iface})`;
    if (this.closed) throw new SystemdError('disconnected', `${what}: the connection to ${this.address} is closed`);
    const inner = this.bus as unknown as {
      newSerial(): number;
      _methodReturnHandlers: Record<number, (reply: DBusMessage) => void>;
      _connection: { stream: { write(b: Buffer): boolean; writable: boolean }; state?: string };
    };
    const stream = inner._connection?.stream;
    // Before the handshake (or on a library that changed shape), the ordinary way.
    if (!stream?.writable || inner._connection.state !== 'connected' || typeof inner.newSerial !== 'function') return super.getProperty(path, iface, name);
    await this.replySlot();
    try {
      return await this.sendGet(inner, stream, what, path, iface, name);
    } finally {
      this.releaseReplySlot();
    }
  }

  /**
   * Calls waiting for their reply at once. The system bus lets a connection that is not root's
   * wait for 128 replies at most (dbus-daemon's max_replies_per_connection); the calls beyond fail
   * with LimitsExceeded, and a unit's facts would then be missing. A list asks thousands (up to
   * eleven per unit at once), the UI a screenful's: the rest wait here for a free slot.
   */
  private static readonly MAX_REPLIES_AWAITED = 96;
  private repliesAwaited = 0;
  private readonly slotQueue: (() => void)[] = [];

  private replySlot(): Promise<void> | undefined {
    if (this.repliesAwaited < BusConnection.MAX_REPLIES_AWAITED) {
      this.repliesAwaited++;
      return undefined;
    }
    return new Promise((resolve) => this.slotQueue.push(resolve));
  }

  private releaseReplySlot(): void {
    const next = this.slotQueue.shift();
    if (next) next();
    else this.repliesAwaited--;
  }

  private async sendGet(
    inner: { newSerial(): number; _methodReturnHandlers: Record<number, (reply: DBusMessage) => void> },
    stream: { write(b: Buffer): boolean },
    what: string,
    path: string,
    iface: string,
    name: string,
  ): Promise<unknown> {
    if (this.closed) throw new SystemdError('disconnected', `${what}: the connection to ${this.address} is closed`);
    const serial = inner.newSerial();
    const timeoutMs = this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    let fail: ((err: SystemdError) => void) | undefined;
    try {
      const reply = await new Promise<DBusMessage>((resolve, reject) => {
        inner._methodReturnHandlers[serial] = resolve;
        fail = (err) => reject(new SystemdError(err.kind, `${what}: ${err.message}`));
        this.pending.add(fail);
        timer = setTimeout(() => {
          delete inner._methodReturnHandlers[serial];
          reject(new SystemdError('timeout', `${what} did not answer within ${timeoutMs} ms (${this.address})`));
        }, timeoutMs);
        this.queueWrite(stream, propertiesGetMessage(serial, SYSTEMD_BUS_NAME, path, iface, name));
      });
      if (reply.type === MessageType.ERROR) throw { type: reply.errorName, text: (reply.body as unknown[])[0] };
      return ((reply.body as unknown[])[0] as { value: unknown }).value;
    } catch (err) {
      throw translateError(err, what);
    } finally {
      clearTimeout(timer);
      if (fail) this.pending.delete(fail);
    }
  }

  private outbox: Buffer[] = [];

  /** Calls made in one turn go out in one write (a stream write per message cost more than the message). */
  private queueWrite(stream: { write(b: Buffer): boolean }, bytes: Buffer): void {
    this.outbox.push(bytes);
    if (this.outbox.length > 1) return;
    process.nextTick(() => {
      const out = this.outbox;
      this.outbox = [];
      if (!this.closed) stream.write(out.length === 1 ? out[0]! : Buffer.concat(out));
    });
  }

  /** Adds a match rule once per connection (dbus-next never removes them, so neither do we). */
  async addMatch(rule: string): Promise<void> {
    if (this.matches.has(rule)) return;
    this.matches.add(rule);
    await this.call('/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [rule], {}, 'org.freedesktop.DBus');
  }

  keepSignalProperties(names: readonly string[] | undefined): void {
    this.keptProperties = names && new Set(names);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failPending('the connection was closed');
    disconnectQuietly(this.bus);
    this.bridged?.close();
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
