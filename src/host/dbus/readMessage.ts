// Reads D-Bus messages off the connection's stream into the shape dbus-next's connection hands
// on (its Message's fields, the body already in dbus-next's JS form: Variant objects, a{..} as
// objects, ay as Buffers, 64-bit integers as BigInt). dbus-next reads every message twice: a
// generic tree (parsing the body's signature each time, 64-bit values through a Long and its
// decimal string) and then a second pass to its JS form. A `list` of 1,000 units reads 1,000+
// replies; the profile showed that reading as a third of the command's CPU. This reads once,
// with one compiled reader per signature. The build puts it in place of dbus-next's own reader
// (scripts/bundle.mjs); a unit test checks its output against dbus-next's for every type.

/** dbus-next's Variant class (passed in: this module does not load dbus-next). */
export type MakeVariant = (signature: string, value: unknown) => unknown;

export interface ReadOptions {
  /** dbus-next's option: `ay` as a Buffer (its default) or as an array of numbers. */
  ayBuffer?: boolean;
}

/** The most a message may be (the D-Bus specification's limit, 128 MiB). */
const MAX_MESSAGE = 2 ** 27;
const LE = 0x6c;
const BE = 0x42;
const HEADER_NAMES = [undefined, 'path', 'interface', 'member', 'errorName', 'replySerial', 'destination', 'sender', 'signature', 'unixFd'] as const;

class Reader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly le: boolean,
    readonly fds: readonly unknown[] | undefined,
    readonly ayBuffer: boolean,
    readonly variant: MakeVariant,
  ) {}
  align(n: number): void {
    const rem = this.pos % n;
    if (rem) this.pos += n - rem;
  }
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error('D-Bus message ends inside a value');
  }
  u32(): number {
    this.align(4);
    this.need(4);
    const v = this.le ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  string(len: number): string {
    this.need(len + 1);
    const s = len === 0 ? '' : this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len + 1;
    return s;
  }
  signature(): string {
    this.need(1);
    return this.string(this.buf[this.pos++]!);
  }
}

type Read = (r: Reader) => unknown;
interface TypeNode {
  /** The complete type's signature text. */
  text: string;
  read: Read;
  /** Alignment of the type's values. */
  align: number;
}

const basic: Record<string, { align: number; read: Read }> = {
  y: { align: 1, read: (r) => (r.need(1), r.buf[r.pos++]) },
  b: { align: 4, read: (r) => !!r.u32() },
  n: { align: 2, read: (r) => (r.align(2), r.need(2), (r.pos += 2), r.le ? r.buf.readInt16LE(r.pos - 2) : r.buf.readInt16BE(r.pos - 2)) },
  q: { align: 2, read: (r) => (r.align(2), r.need(2), (r.pos += 2), r.le ? r.buf.readUInt16LE(r.pos - 2) : r.buf.readUInt16BE(r.pos - 2)) },
  i: { align: 4, read: (r) => (r.align(4), r.need(4), (r.pos += 4), r.le ? r.buf.readInt32LE(r.pos - 4) : r.buf.readInt32BE(r.pos - 4)) },
  u: { align: 4, read: (r) => r.u32() },
  x: { align: 8, read: (r) => (r.align(8), r.need(8), (r.pos += 8), r.le ? r.buf.readBigInt64LE(r.pos - 8) : r.buf.readBigInt64BE(r.pos - 8)) },
  t: { align: 8, read: (r) => (r.align(8), r.need(8), (r.pos += 8), r.le ? r.buf.readBigUInt64LE(r.pos - 8) : r.buf.readBigUInt64BE(r.pos - 8)) },
  d: { align: 8, read: (r) => (r.align(8), r.need(8), (r.pos += 8), r.le ? r.buf.readDoubleLE(r.pos - 8) : r.buf.readDoubleBE(r.pos - 8)) },
  s: { align: 4, read: (r) => r.string(r.u32()) },
  o: { align: 4, read: (r) => r.string(r.u32()) },
  g: { align: 1, read: (r) => r.signature() },
  h: {
    align: 4,
    read: (r) => {
      const i = r.u32();
      if (!r.fds || r.fds.length <= i) throw new Error('No FDs available');
      return r.fds[i];
    },
  },
};

/** Parses one complete type at `at` of `sig`; returns it and where the next begins. */
function parseType(sig: string, at: number, depth: number): [TypeNode, number] {
  if (depth > 64) throw new Error(`D-Bus signature nests too deep: ${sig}`);
  const c = sig[at];
  if (c === undefined) throw new Error(`D-Bus signature ends early: "${sig}"`);
  const b = basic[c];
  if (b) return [{ text: c, read: b.read, align: b.align }, at + 1];
  if (c === 'v') return [{ text: 'v', align: 1, read: readVariant }, at + 1];
  if (c === 'a') {
    if (sig[at + 1] === '{') {
      const [key, afterKey] = parseType(sig, at + 2, depth + 1);
      const [value, afterValue] = parseType(sig, afterKey, depth + 1);
      if (sig[afterValue] !== '}' || !basic[key.text]) throw new Error(`D-Bus signature has a bad dict entry: "${sig}"`);
      return [{ text: sig.slice(at, afterValue + 1), align: 4, read: dictReader(key.read, value.read) }, afterValue + 1];
    }
    const [element, next] = parseType(sig, at + 1, depth + 1);
    return [{ text: sig.slice(at, next), align: 4, read: arrayReader(element) }, next];
  }
  if (c === '(') {
    const fields: Read[] = [];
    let next = at + 1;
    while (sig[next] !== ')') {
      if (next >= sig.length) throw new Error(`D-Bus signature has an unclosed struct: "${sig}"`);
      const [field, after] = parseType(sig, next, depth + 1);
      fields.push(field.read);
      next = after;
    }
    if (!fields.length) throw new Error(`D-Bus signature has an empty struct: "${sig}"`);
    return [{ text: sig.slice(at, next + 1), align: 8, read: structReader(fields) }, next + 1];
  }
  throw new Error(`D-Bus signature has an unknown type "${c}": "${sig}"`);
}

function arrayReader(element: TypeNode): Read {
  const bytes = element.text === 'y';
  return (r) => {
    const len = r.u32();
    if (len > MAX_MESSAGE) throw new Error('D-Bus array longer than a message');
    if (bytes && r.ayBuffer) {
      r.need(len);
      // A copy: a view would keep the whole read chunk alive as long as the value.
      const out = Buffer.from(r.buf.subarray(r.pos, r.pos + len));
      r.pos += len;
      return out;
    }
    if (element.align === 8) r.align(8);
    const end = r.pos + len;
    r.need(len);
    const out: unknown[] = [];
    while (r.pos < end) out.push(element.read(r));
    return out;
  };
}

function dictReader(key: Read, value: Read): Read {
  return (r) => {
    const len = r.u32();
    r.align(8);
    const end = r.pos + len;
    r.need(len);
    const out: Record<string, unknown> = {};
    while (r.pos < end) {
      r.align(8);
      const k = key(r) as string;
      out[k] = value(r);
    }
    return out;
  };
}

function structReader(fields: readonly Read[]): Read {
  return (r) => {
    r.align(8);
    const out = new Array<unknown>(fields.length);
    for (let i = 0; i < fields.length; i++) out[i] = fields[i]!(r);
    return out;
  };
}

function readVariant(r: Reader): unknown {
  const sig = r.signature();
  const types = compiled(sig);
  if (!types.length) throw new Error('D-Bus variant with an empty signature');
  const first = types[0]!.read(r);
  for (let i = 1; i < types.length; i++) types[i]!.read(r);
  return r.variant(types[0]!.text, first);
}

/** Compiled signatures (a connection sees few): bounded in case a peer sends many. */
const cache = new Map<string, TypeNode[]>();
export function compiled(sig: string): TypeNode[] {
  let types = cache.get(sig);
  if (types) return types;
  types = [];
  for (let at = 0; at < sig.length; ) {
    const [node, next] = parseType(sig, at, 0);
    types.push(node);
    at = next;
  }
  if (cache.size >= 512) cache.clear();
  cache.set(sig, types);
  return types;
}

/** The D-Bus message's size from its first 16 bytes (fixed header and the fields' length). */
export function messageLength(head: Buffer): number {
  const le = head[0] === LE;
  if (!le && head[0] !== BE) throw new Error(`not a D-Bus message (endianness byte ${head[0]})`);
  const body = le ? head.readUInt32LE(4) : head.readUInt32BE(4);
  const fields = le ? head.readUInt32LE(12) : head.readUInt32BE(12);
  const total = 16 + ((fields + 7) & ~7) + body;
  if (total > MAX_MESSAGE) throw new Error(`D-Bus message of ${total} bytes is over the limit`);
  return total;
}

export interface ReadMessage {
  serial: number;
  type: number;
  flags: number;
  path?: string;
  interface?: string;
  member?: string;
  errorName?: string;
  replySerial?: number;
  destination?: string;
  sender?: string;
  signature?: string;
  unixFd?: number;
  body?: unknown[];
}

/** One whole message (exactly messageLength bytes) in the form dbus-next's Message takes. */
export function readMessage(buf: Buffer, variant: MakeVariant, options: ReadOptions = {}, fds?: readonly unknown[]): ReadMessage {
  const le = buf[0] === LE;
  const r = new Reader(buf, le, fds, options.ayBuffer !== false, variant);
  r.pos = 12;
  const fieldsLength = r.u32();
  const fieldsEnd = 16 + fieldsLength;
  const message: ReadMessage = { serial: le ? buf.readUInt32LE(8) : buf.readUInt32BE(8), type: buf[1]!, flags: buf[2]! };
  while (r.pos < fieldsEnd) {
    r.align(8);
    r.need(1);
    const code = buf[r.pos++]!;
    const sig = r.signature();
    const types = compiled(sig);
    if (types.length !== 1) throw new Error(`D-Bus header field ${code} has the signature "${sig}"`);
    const value = types[0]!.read(r);
    const name = HEADER_NAMES[code];
    if (name) (message as unknown as Record<string, unknown>)[name] = value;
  }
  r.align(8);
  const bodyLength = le ? buf.readUInt32LE(4) : buf.readUInt32BE(4);
  const signature = message.signature;
  if (bodyLength > 0 && signature) {
    const body: unknown[] = [];
    for (const t of compiled(signature)) body.push(t.read(r));
    message.body = body;
  }
  return message;
}

interface Readable {
  on(event: 'readable', f: () => void): unknown;
  read(): Buffer | { data: Buffer; fds?: unknown[] } | null;
  destroy(err?: Error): unknown;
}

/**
 * dbus-next's `unmarshalMessages(stream, onMessage, opts)`: every message read off the stream,
 * whole, handed on in order. The stream's chunks are read as they come (not 16 bytes and then the
 * rest, which copied twice); a message is copied only when it spans chunks. A message that cannot
 * be read ends the connection with an error, as a broken stream would.
 */
export function unmarshalMessages(variant: MakeVariant) {
  return (stream: Readable, onMessage: (m: ReadMessage) => void, options?: ReadOptions): void => {
    let chunks: Buffer[] = [];
    let buffered = 0;
    let fds: unknown[] | undefined;
    const take = (n: number): Buffer => {
      const first = chunks[0]!;
      if (first.length >= n) {
        const out = first.subarray(0, n);
        if (first.length === n) chunks.shift();
        else chunks[0] = first.subarray(n);
        buffered -= n;
        return out;
      }
      const whole = Buffer.concat(chunks, buffered);
      const out = whole.subarray(0, n);
      chunks = whole.length > n ? [whole.subarray(n)] : [];
      buffered -= n;
      return out;
    };
    const peekHead = (): Buffer => (chunks[0]!.length >= 16 ? chunks[0]! : Buffer.concat(chunks, buffered));
    /** The next whole message, undefined until it has all come; a message that cannot be read ends the stream. */
    const next = (): ReadMessage | undefined => {
      try {
        if (buffered < 16) return undefined;
        const length = messageLength(peekHead());
        return buffered < length ? undefined : readMessage(take(length), variant, options, fds);
      } catch (err) {
        chunks = [];
        buffered = 0;
        stream.destroy(err instanceof Error ? err : new Error(String(err)));
        return undefined;
      }
    };
    stream.on('readable', () => {
      for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) {
        const data = Buffer.isBuffer(chunk) ? chunk : chunk.data;
        if (!Buffer.isBuffer(chunk) && chunk.fds?.length) fds = [...(fds ?? []), ...chunk.fds];
        chunks.push(data);
        buffered += data.length;
      }
      // What the handler throws is the handler's (as with dbus-next's reader), not the stream's.
      for (let message = next(); message; message = next()) onMessage(message);
    });
  };
}
