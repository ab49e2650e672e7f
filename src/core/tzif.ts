// Time zone abbreviations as libc gives them (strftime's %Z, which systemctl prints: "CET", "IST"),
// read from the zone's TZif file (RFC 8536). ICU's short names differ for most zones ("GMT+1"),
// so a timestamp svctui prints would not read as systemctl's. Pure: the host layer reads the file.

export interface ZoneInfo {
  /** Transition times (seconds since the epoch), ascending, and the local time type each starts. */
  transitions: number[];
  typeOf: number[];
  types: { utoff: number; isdst: boolean; abbr: string }[];
  /** The footer's POSIX TZ string (rules after the last transition), e.g. "CET-1CEST,M3.5.0,M10.5.0/3". */
  footer: string;
}

/** Parses a TZif file (version 1, or the 64-bit data of versions 2+); undefined when it is not one. */
export function parseTzif(buf: Uint8Array): ZoneInfo | undefined {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = (at: number) => at + 44 <= buf.length && buf[at] === 0x54 && buf[at + 1] === 0x5a && buf[at + 2] === 0x69 && buf[at + 3] === 0x66;
  if (!magic(0)) return undefined;
  const counts = (at: number) => [20, 24, 28, 32, 36, 40].map((o) => view.getUint32(at + o));
  const [isutc1, isstd1, leap1, time1, type1, char1] = counts(0) as [number, number, number, number, number, number];
  const v1Size = 44 + time1 * 5 + type1 * 6 + char1 + leap1 * 8 + isstd1 + isutc1;
  const wide = buf[4]! >= 0x32 && magic(v1Size);
  const at = wide ? v1Size : 0;
  const [isutc, isstd, leap, time, type, chars] = counts(at) as [number, number, number, number, number, number];
  const width = wide ? 8 : 4;
  let p = at + 44;
  if (p + time * (width + 1) + type * 6 + chars > buf.length) return undefined;
  const transitions: number[] = [];
  for (let i = 0; i < time; i++, p += width) transitions.push(wide ? Number(view.getBigInt64(p)) : view.getInt32(p));
  const typeOf: number[] = [];
  for (let i = 0; i < time; i++, p++) typeOf.push(buf[p]!);
  const raw: { utoff: number; isdst: boolean; idx: number }[] = [];
  for (let i = 0; i < type; i++, p += 6) raw.push({ utoff: view.getInt32(p), isdst: buf[p + 4] === 1, idx: buf[p + 5]! });
  const text = new TextDecoder('latin1').decode(buf.subarray(p, p + chars));
  p += chars + leap * (width + 4) + isstd + isutc;
  const types = raw.map((t) => ({ utoff: t.utoff, isdst: t.isdst, abbr: text.slice(t.idx, text.indexOf('\0', t.idx) >>> 0) }));
  let footer = '';
  if (wide && buf[p] === 0x0a) {
    const end = buf.indexOf(0x0a, p + 1);
    if (end > p) footer = new TextDecoder('latin1').decode(buf.subarray(p + 1, end));
  }
  return { transitions, typeOf, types, footer };
}

/** The abbreviations a POSIX TZ string names ("CET-1CEST,…" → CET, CEST; "<+0530>-5:30" → +0530). */
function footerNames(footer: string): { std?: string; dst?: string } {
  const m = /^(<[^>]+>|[A-Za-z]+)[-+\d:]+(<[^>]+>|[A-Za-z]+)?/.exec(footer);
  const bare = (s?: string) => s?.replace(/^<|>$/g, '');
  return { std: bare(m?.[1]), dst: bare(m?.[2]) };
}

/**
 * The abbreviation at a time, given the UTC offset there (seconds east, as the platform's own zone
 * rules say): the type of the transition in force, or after the last transition the footer's rule
 * (standard or daylight name by the offset). Undefined when the file cannot say.
 */
export function abbreviationAt(z: ZoneInfo, unixSeconds: number, utoff: number): string | undefined {
  let lo = 0;
  let hi = z.transitions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (z.transitions[mid]! <= unixSeconds) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const inForce = found >= 0 ? z.types[z.typeOf[found]!] : z.types[0];
  const last = found === z.transitions.length - 1;
  if (inForce && inForce.utoff === utoff && !(last && z.footer)) return inForce.abbr;
  // Past the table (or the table disagrees with the offset): the footer's names, by the offset.
  const names = footerNames(z.footer);
  const std = z.types.findLast((t) => !t.isdst && t.abbr === names.std) ?? z.types.findLast((t) => !t.isdst);
  if (names.dst && std && utoff !== std.utoff) return names.dst;
  if (names.std && (!std || utoff === std.utoff)) return names.std;
  return z.types.findLast((t) => t.utoff === utoff)?.abbr;
}
