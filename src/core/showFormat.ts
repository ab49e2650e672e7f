// systemctl show's NAME=VALUE lines (systemd 252's bus_print_property and systemctl's print_property):
// each property by its D-Bus type and, where systemctl has a rule for it, its name. A value svctui has
// no rule for is never guessed: an empty one is left out (as systemctl leaves out what it prints as
// nothing), and one with content says that svctui does not show it and where to read it.
import { formatTimespan, formatTimestamp } from './format.js';
import { signalName, UINT64_MAX } from './decode.js';

/** A property as D-Bus gives it: its signature and its decoded value. */
export interface TypedValue {
  signature: string;
  value: unknown;
}

export interface ShowOptions {
  /** -p/--property: only these, and shown when empty too (systemctl's SHOW_EMPTY). */
  properties?: readonly string[];
  /** --value: the values alone. */
  valueOnly?: boolean;
  /** The host's /proc/sys/kernel/cap_last_cap (capability sets are listed up to it). */
  capLastCap?: number;
}

/**
 * What one property prints: its values (one line each; `whole`: a list printed as one line, which
 * was judged empty or not already), "[unprintable]" under -p, or nothing.
 */
type Printed = { values: string[]; whole?: boolean } | { unprintable: true } | undefined;

const CAPABILITIES =
  'chown dac_override dac_read_search fowner fsetid kill setgid setuid setpcap linux_immutable net_bind_service net_broadcast net_admin net_raw ipc_lock ipc_owner sys_module sys_rawio sys_chroot sys_ptrace sys_pacct sys_admin sys_boot sys_nice sys_resource sys_time sys_tty_config mknod lease audit_write audit_control setfcap mac_override mac_admin syslog wake_alarm block_suspend audit_read perfmon bpf checkpoint_restore'
    .split(' ')
    .map((c) => `cap_${c}`);

const NAMESPACES: [string, bigint][] = [
  ['cgroup', 0x02000000n],
  ['ipc', 0x08000000n],
  ['net', 0x40000000n],
  ['mnt', 0x00020000n],
  ['pid', 0x20000000n],
  ['user', 0x10000000n],
  ['uts', 0x04000000n],
];
const NAMESPACES_ALL = NAMESPACES.reduce((a, [, f]) => a | f, 0n);

const USEC_INFINITY = UINT64_MAX;
const UINT32_MAX = 0xffffffff;
/** sigchld_code_to_string: CLD_EXITED… (0 is printf's "(null)"). */
const SIGCHLD_CODES = ['(null)', 'exited', 'killed', 'dumped', 'trapped', 'stopped', 'continued'];

const timespan = (us: bigint, accuracy = 1n) => (us === USEC_INFINITY ? 'infinity' : formatTimespan(us, accuracy));
const timestamp = (us: bigint) => (us === 0n || us === USEC_INFINITY ? '' : formatTimestamp(us));
const strna = (s: string) => s || 'n/a';

/** shell_maybe_quote: as is when nothing needs quoting, else in double quotes with \ before "\`$. */
export function shellMaybeQuote(s: string): string {
  if (s && !/[\s"\\`$*?[\]'()<>|&;!\x00-\x1f\x7f]/.test(s)) return s;
  const inner = s.replace(/["\\`$]/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => ({ '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${inner}"`;
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return Uint8Array.from(v as number[]);
  return new Uint8Array();
}

function uint64(name: string, u: bigint, o: ShowOptions): string | undefined {
  if (name.endsWith('Timestamp') || ['NextElapseUSecRealtime', 'LastTriggerUSec', 'TimeUSec', 'RTCTimeUSec'].includes(name)) return timestamp(u);
  if (name.includes('USec')) return timespan(u);
  if (name === 'CoredumpFilter') return `0x${u.toString(16)}`;
  if (name === 'RestrictNamespaces') {
    if ((u & NAMESPACES_ALL) === 0n) return 'yes';
    if ((u & NAMESPACES_ALL) === NAMESPACES_ALL) return 'no';
    return NAMESPACES.filter(([, f]) => u & f).map(([n]) => n).join(' ');
  }
  if (name === 'MountFlags') {
    const p = u & ((1n << 20n) | (1n << 19n) | (1n << 18n));
    return p === 0n ? '' : p === 1n << 20n ? 'shared' : p === 1n << 19n ? 'slave' : p === 1n << 18n ? 'private' : undefined;
  }
  if (name === 'CapabilityBoundingSet' || name === 'AmbientCapabilities') {
    const last = o.capLastCap ?? CAPABILITIES.length - 1;
    const names: string[] = [];
    for (let i = 0; i <= last && i < 64; i++) if (u & (1n << BigInt(i))) names.push(CAPABILITIES[i] ?? `0x${i.toString(16)}`);
    return names.join(' ');
  }
  if ((name === 'CPUWeight' || name === 'StartupCPUWeight') && u === 0n) return 'idle';
  if (
    (['CPUWeight', 'StartupCPUWeight', 'IOWeight', 'StartupIOWeight', 'CPUShares', 'StartupCPUShares', 'BlockIOWeight', 'StartupBlockIOWeight'].includes(name) && u === UINT64_MAX) ||
    (['MemoryCurrent', 'MemoryAvailable', 'TasksCurrent'].includes(name) && u === UINT64_MAX) ||
    (name.startsWith('Memory') && (name.endsWith('Current') || name.endsWith('Peak')) && u === UINT64_MAX) ||
    (name.startsWith('IO') && (name.endsWith('Bytes') || name.endsWith('Operations')) && u === UINT64_MAX) ||
    (name.endsWith('NSec') && u === UINT64_MAX)
  )
    return '[not set]';
  if (
    (['MemoryLow', 'MemoryMin', 'MemoryHigh', 'MemoryMax', 'MemorySwapMax', 'MemoryZSwapMax', 'MemoryLimit'].some((s) => name.endsWith(s)) && u === UINT64_MAX) ||
    (name.endsWith('TasksMax') && u === UINT64_MAX) ||
    (name.startsWith('Limit') && u === UINT64_MAX) ||
    (name.startsWith('DefaultLimit') && u === UINT64_MAX)
  )
    return 'infinity';
  if (['IPIngressBytes', 'IPIngressPackets', 'IPEgressBytes', 'IPEgressPackets'].includes(name) && u === UINT64_MAX) return '[no data]';
  return u.toString();
}

/** An Exec*= command line as systemctl show prints it ({ path=… ; argv[]=… ; … }). */
function execLine(entry: unknown[], ex: boolean): string {
  // (path, argv, flags, start realtime and monotonic, exit realtime and monotonic, pid, code, status)
  const [path, argv, third, start, , stop, , pid, code, status] = entry as [string, string[], boolean | string[], bigint, bigint, bigint, bigint, number, number, number];
  const c = Number(code);
  const tail = `start_time=[${strna(timestamp(BigInt(start)))}] ; stop_time=[${strna(timestamp(BigInt(stop)))}] ; pid=${pid} ; code=${SIGCHLD_CODES[c] ?? '(null)'} ; status=${status}${c === 1 ? '' : `/${signalName(Number(status))}`}`;
  const middle = ex ? `flags=${(third as string[]).join(' ')}` : `ignore_errors=${third ? 'yes' : 'no'}`;
  return `{ path=${strna(path)} ; argv[]=${strna(argv.join(' '))} ; ${middle} ; ${tail} }`;
}

/** An address as inet_ntop writes it: dotted IPv4; IPv6 with the longest run of zero groups as "::". */
function ipText(family: number, b: Uint8Array): string {
  if (family === 2) return [...b.slice(0, 4)].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = (g: number[]) => g.map((x) => x.toString(16)).join(':');
  return best.at < 0 ? hex(groups) : `${hex(groups.slice(0, best.at))}::${hex(groups.slice(best.at + best.len))}`;
}

/** systemctl's rules for a property's structures; undefined: it has none (the value is not printed). */
function structured(name: string, sig: string, v: unknown, showEmpty: boolean): Printed {
  const list = (Array.isArray(v) ? v : []) as unknown[][];
  const each = (f: (e: unknown[]) => string): Printed => ({ values: list.map(f) });
  if (sig === '(uo)' && name === 'Job') return { values: [(v as [number])[0] > 0 ? String((v as [number])[0]) : ''] };
  if (sig === '(so)' && name === 'Unit') return { values: [(v as [string])[0]] };
  if (sig === '(ss)' && name === 'LoadError') {
    const [a, b] = v as [string, string];
    return { values: [a || b ? `${a} "${b}"` : ''] };
  }
  if (sig === '(bas)') {
    const [allow, items] = v as [boolean, string[]];
    return showEmpty || allow || items.length ? { values: [`${allow ? '' : '~'}${items.join(' ')}`], whole: true } : { values: [] };
  }
  if (sig === '(bs)') {
    const [ignore, s] = v as [boolean, string];
    return { values: [s ? `${ignore ? '-' : ''}${s}` : ''] };
  }
  if (sig === '(aiai)' && name.endsWith('ExitStatus')) {
    const [codes, signals] = v as [number[], number[]];
    return showEmpty || codes.length || signals.length ? { values: [[...codes.map(String), ...signals.map((s) => signalName(s))].join(' ')], whole: true } : { values: [] };
  }
  if (name === 'EnvironmentFiles' && sig === 'a(sb)') return each(([p, ig]) => `${p} (ignore_errors=${ig ? 'yes' : 'no'})`);
  if ((name === 'Paths' || name === 'Listen') && sig === 'a(ss)') return each(([type, p]) => `${p} (${type})`);
  if (name === 'TimersMonotonic' && sig === 'a(stt)') return each(([base, t, next]) => `{ ${base}=${strna(timespan(BigInt(t as bigint)))} ; next_elapse=${strna(timespan(BigInt(next as bigint)))} }`);
  if (name === 'TimersCalendar' && sig === 'a(sst)') return each(([base, spec, next]) => `{ ${base}=${spec} ; next_elapse=${timestamp(BigInt(next as bigint)) || '(null)'} }`);
  if (name.startsWith('Exec') && (sig === 'a(sasbttttuii)' || sig === 'a(sasasttttuii)')) return each((e) => execLine(e, sig === 'a(sasasttttuii)'));
  if (name === 'DeviceAllow' && sig === 'a(ss)') return each(([p, rwm]) => `${strna(p as string)} ${strna(rwm as string)}`);
  if (sig === 'a(st)' && name === 'IODeviceLatencyTargetUSec') return each(([p, t]) => `${strna(p as string)} ${timespan(BigInt(t as bigint), 1n)}`);
  if (sig === 'a(st)' && /^(IODeviceWeight|BlockIODeviceWeight|IO(Read|Write)(Bandwidth|IOPS)Max|BlockIO(Read|Write)Bandwidth)$/.test(name)) return each(([p, n]) => `${strna(p as string)} ${n}`);
  if (sig === 'a(iayu)' && (name === 'IPAddressAllow' || name === 'IPAddressDeny')) return { values: [list.map(([family, bytes, prefix]) => `${ipText(Number(family), bytesOf(bytes))}/${prefix}`).join(' ')] };
  if (sig === 'aay' && name === 'LogExtraFields') return each((e) => Buffer.from(bytesOf(e)).toString('utf8'));
  return undefined;
}

/** Properties systemd 252's systemctl has no rule for: with -p (or --all) it says "[unprintable]". */
const UNPRINTABLE = new Set(['Conditions', 'Asserts', 'LoadCredential', 'LoadCredentialEncrypted', 'SetCredential', 'SetCredentialEncrypted', 'ActivationDetails']);

function isEmptyValue(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0 || v.every(isEmptyValue);
  if (v instanceof Uint8Array) return v.length === 0;
  return v === '' || v === undefined || v === null;
}

/** What one property prints. */
export function printProperty(name: string, p: TypedValue, o: ShowOptions): Printed {
  const showEmpty = Boolean(o.properties?.length);
  const { signature: sig, value: v } = p;
  const one = (s: string | undefined): Printed => (s === undefined ? { unprintable: true } : { values: [s] });
  switch (sig) {
    case 's': {
      const s = String(v);
      return one(s.includes('\n') ? '[unprintable]' : s);
    }
    case 'o':
    case 'g':
      return one(String(v));
    case 'b':
      return one(v ? 'yes' : 'no');
    case 't':
      return one(uint64(name, BigInt(v as bigint), o));
    case 'x':
      return one(BigInt(v as bigint).toString());
    case 'i': {
      const i = Number(v);
      if (name.endsWith('ActionExitStatus')) return i >= 0 && i <= 255 ? one(String(i)) : showEmpty ? one('[not set]') : { values: [] };
      if (name === 'NUMAPolicy') return one(['default', 'preferred', 'bind', 'interleave', 'local'][i] ?? 'n/a');
      return one(String(i));
    }
    case 'u': {
      const u = Number(v);
      if (name.includes('UMask') || name.includes('Mode')) return one(u.toString(8).padStart(4, '0'));
      if ((name === 'UID' || name === 'GID') && u === UINT32_MAX) return one('[not set]');
      return one(String(u));
    }
    case 'd':
      return one(formatDouble(Number(v)));
    case 'as': {
      const items = v as string[];
      return items.length || showEmpty ? { values: [items.map(shellMaybeQuote).join(' ')], whole: true } : { values: [] };
    }
    case 'ay': {
      const bytes = bytesOf(v);
      if (name === 'StandardInputData' || name === 'RootHashSignature') return one(Buffer.from(bytes).toString('base64'));
      return one(Buffer.from(bytes).toString('hex'));
    }
    // (systemctl has no rule for these: "[unprintable]" under -p.)
    case 'y':
    case 'q':
    case 'n':
      return { unprintable: true };
    case 'au':
      return one((v as number[]).map((n) => n.toString(16).padStart(8, '0')).join(''));
  }
  if (UNPRINTABLE.has(name)) return { unprintable: true };
  return structured(name, sig, v, showEmpty) ?? (isEmptyValue(v) ? { unprintable: true } : { values: [`[svctui does not show this ${sig} value: systemctl show -p ${name}]`] });
}

/** printf's %g (6 significant digits, no trailing zeros). */
function formatDouble(d: number): string {
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'nan' : d > 0 ? 'inf' : '-inf';
  const exp = d === 0 ? 0 : Math.floor(Math.log10(Math.abs(d)));
  if (exp < -4 || exp >= 6) {
    const [m, e] = d.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = d.toPrecision(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * systemctl show's lines for one object's properties, in the order D-Bus gave them. An empty value
 * is left out unless -p names it; a value systemctl cannot print is "[unprintable]" under -p.
 */
export function showLines(props: readonly (readonly [string, TypedValue])[], o: ShowOptions = {}): string[] {
  const wanted = o.properties?.length ? new Set(o.properties) : undefined;
  const showEmpty = Boolean(wanted);
  const out: string[] = [];
  const line = (name: string, value: string) => out.push(o.valueOnly ? value : `${name}=${value}`);
  for (const [name, p] of props) {
    if (wanted && !wanted.has(name)) continue;
    const printed = printProperty(name, p, o);
    if (!printed) continue;
    if ('unprintable' in printed) {
      if (showEmpty) line(name, '[unprintable]');
      continue;
    }
    // Single values are left out when empty (systemctl's isempty), lists printed whole were judged already.
    for (const value of printed.values) if (printed.whole || showEmpty || value !== '') line(name, value);
  }
  return out;
}
