// systemd's time and size formatting (src/basic/time-util.c, format-util.c), as systemctl prints it.

const USEC_PER_MSEC = 1000n;
const USEC_PER_SEC = 1_000_000n;
const USEC_PER_MINUTE = 60n * USEC_PER_SEC;
const USEC_PER_HOUR = 60n * USEC_PER_MINUTE;
const USEC_PER_DAY = 24n * USEC_PER_HOUR;
const USEC_PER_WEEK = 7n * USEC_PER_DAY;
const USEC_PER_MONTH = 2_629_800n * USEC_PER_SEC;
const USEC_PER_YEAR = 31_557_600n * USEC_PER_SEC;

export { USEC_PER_MSEC, USEC_PER_SEC };

const TIMESPAN_TABLE: [string, bigint][] = [
  ['y', USEC_PER_YEAR],
  ['month', USEC_PER_MONTH],
  ['w', USEC_PER_WEEK],
  ['d', USEC_PER_DAY],
  ['h', USEC_PER_HOUR],
  ['min', USEC_PER_MINUTE],
  ['s', USEC_PER_SEC],
  ['ms', USEC_PER_MSEC],
  ['us', 1n],
];

/** format_timespan: "4min 1.623s", "3ms"; accuracy in microseconds. */
export function formatTimespan(us: bigint, accuracy: bigint = 1n): string {
  if (us <= 0n) return '0';
  let t = us;
  let out = '';
  let something = false;
  for (const [suffix, unit] of TIMESPAN_TABLE) {
    if (t <= 0n) break;
    if (t < accuracy && something) break;
    if (t < unit) continue;
    const a = t / unit;
    let b = t % unit;
    let done = false;
    // Below a minute, a remainder is shown as a decimal fraction of this unit.
    if (t < USEC_PER_MINUTE && b > 0n) {
      let j = 0;
      for (let cc = unit; cc > 1n; cc /= 10n) j++;
      for (let cc = accuracy; cc > 1n; cc /= 10n) {
        b /= 10n;
        j--;
      }
      if (j > 0) {
        out += `${out ? ' ' : ''}${a}.${b.toString().padStart(j, '0')}${suffix}`;
        t = 0n;
        done = true;
      }
    }
    if (!done) {
      out += `${out ? ' ' : ''}${a}${suffix}`;
      t = b;
    }
    something = true;
  }
  return out;
}

/** format_timestamp_relative: "518ms ago", "2h 3min ago", "1 day 2h ago", "5min left". */
export function formatRelative(us: bigint, nowUs: bigint): string {
  if (us <= 0n) return '';
  let d: bigint;
  let s: string;
  if (nowUs > us) {
    d = nowUs - us;
    s = 'ago';
  } else {
    d = us - nowUs;
    s = 'left';
  }
  if (d >= USEC_PER_YEAR) {
    const years = d / USEC_PER_YEAR;
    const months = (d % USEC_PER_YEAR) / USEC_PER_MONTH;
    return `${years} ${years === 1n ? 'year' : 'years'} ${months} ${months === 1n ? 'month' : 'months'} ${s}`;
  }
  if (d >= USEC_PER_MONTH) {
    const months = d / USEC_PER_MONTH;
    const days = (d % USEC_PER_MONTH) / USEC_PER_DAY;
    return `${months} ${months === 1n ? 'month' : 'months'} ${days} ${days === 1n ? 'day' : 'days'} ${s}`;
  }
  if (d >= USEC_PER_WEEK) {
    const weeks = d / USEC_PER_WEEK;
    const days = (d % USEC_PER_WEEK) / USEC_PER_DAY;
    return `${weeks} ${weeks === 1n ? 'week' : 'weeks'} ${days} ${days === 1n ? 'day' : 'days'} ${s}`;
  }
  if (d >= 2n * USEC_PER_DAY) return `${d / USEC_PER_DAY} days ${s}`;
  if (d >= 25n * USEC_PER_HOUR) return `1 day ${(d - USEC_PER_DAY) / USEC_PER_HOUR}h ${s}`;
  if (d >= 6n * USEC_PER_HOUR) return `${d / USEC_PER_HOUR}h ${s}`;
  if (d >= USEC_PER_HOUR) return `${d / USEC_PER_HOUR}h ${(d % USEC_PER_HOUR) / USEC_PER_MINUTE}min ${s}`;
  if (d >= 5n * USEC_PER_MINUTE) return `${d / USEC_PER_MINUTE}min ${s}`;
  if (d >= USEC_PER_MINUTE) return `${d / USEC_PER_MINUTE}min ${(d % USEC_PER_MINUTE) / USEC_PER_SEC}s ${s}`;
  if (d >= USEC_PER_SEC) return `${d / USEC_PER_SEC}s ${s}`;
  if (d >= USEC_PER_MSEC) return `${d / USEC_PER_MSEC}ms ${s}`;
  if (d > 0n) return `${d}us ${s}`;
  return 'now';
}

/** A compact relative age for list columns: "5s", "3min", "2h", "4d". */
export function formatAge(us: bigint, nowUs: bigint): string {
  if (us <= 0n) return '-';
  const d = nowUs > us ? nowUs - us : 0n;
  // True to the second under a minute (the list redraws that often then, see useNow); coarser after.
  if (d < USEC_PER_MINUTE) return `${d / USEC_PER_SEC}s`;
  if (d < USEC_PER_HOUR) return `${d / USEC_PER_MINUTE}min`;
  if (d < 2n * USEC_PER_DAY) return `${d / USEC_PER_HOUR}h`;
  return `${d / USEC_PER_DAY}d`;
}

/**
 * When a relative time's text can next change: the next multiple of `unit` in the distance
 * between `us` and now (growing for a past time, shrinking for a future one). Realtime µs.
 */
function nextStep(us: bigint, nowUs: bigint, unit: bigint): bigint {
  if (nowUs >= us) return nowUs + (unit - ((nowUs - us) % unit));
  // A future time's text changes once the distance falls below a multiple of the unit.
  return nowUs + ((us - nowUs) % unit) + 1n;
}

/**
 * When to draw a relative time again: its next change, put off to the next whole second of the
 * wall clock while seconds are shown, to the next quarter minute when only minutes or more are.
 * Ages of many rows then change in one frame (a second's or a quarter minute's), and a text is
 * never more than that late.
 */
function redrawAt(us: bigint, nowUs: bigint, unit: bigint): bigint {
  const grid = unit === USEC_PER_SEC ? USEC_PER_SEC : 15n * USEC_PER_SEC;
  const at = nextStep(us, nowUs, unit);
  return ((at + grid - 1n) / grid) * grid;
}

/** When to draw formatAge(us, now) again (undefined: its text never changes). */
export function ageRedrawAt(us: bigint, nowUs: bigint): bigint | undefined {
  if (us <= 0n) return undefined;
  if (us > nowUs) return redrawAt(us, us, USEC_PER_SEC);
  const d = nowUs - us;
  const unit = d < USEC_PER_MINUTE ? USEC_PER_SEC : d < USEC_PER_HOUR ? USEC_PER_MINUTE : d < 2n * USEC_PER_DAY ? USEC_PER_HOUR : USEC_PER_DAY;
  return redrawAt(us, nowUs, unit);
}

/**
 * When to draw formatRelative(us, now) again: no later than its text changes, as ageRedrawAt
 * (steps of a second while seconds are shown, of a minute while minutes are, else of an hour;
 * the milliseconds of the first second are not followed).
 */
export function relativeRedrawAt(us: bigint, nowUs: bigint): bigint | undefined {
  if (us <= 0n) return undefined;
  const d = nowUs > us ? nowUs - us : us - nowUs;
  const unit = d < 5n * USEC_PER_MINUTE ? USEC_PER_SEC : d < 6n * USEC_PER_HOUR ? USEC_PER_MINUTE : USEC_PER_HOUR;
  return redrawAt(us, nowUs, unit);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// Creating an Intl.DateTimeFormat costs far more than using one: one per kind and time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: string, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}\n${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** The local zone's abbreviation when the host layer knows it without ICU (UTC): see knowLocalZone. */
let localZoneName: string | undefined;

/**
 * Tells the formatting the local zone's abbreviation (the host layer does, for UTC): the first
 * Intl.DateTimeFormat costs ~17 ms of ICU start-up, a fifth of `svctui status`, for one word.
 */
export function knowLocalZone(name: string | undefined): void {
  localZoneName = name;
}

/** The local zone's abbreviation at a date as libc would give it (from the zone's file), when known. */
let localAbbreviation: ((date: Date) => string | undefined) | undefined;

/** Tells the formatting how to name the local zone at a date (the host layer reads the zone's TZif file). */
export function knowLocalZoneAbbreviations(fn: ((date: Date) => string | undefined) | undefined): void {
  localAbbreviation = fn;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A date's parts in the local zone (Date's own getters: no ICU) or in the one given (Intl), with the
 * zone's abbreviation (from one formatter, made once, only when it is not known).
 */
function localParts(date: Date, timeZone: string | undefined, withZone: boolean) {
  if (timeZone === undefined) {
    const zone = withZone ? (localZoneName ?? localAbbreviation?.(date) ?? formatter('zone', undefined, { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC') : '';
    return { year: String(date.getFullYear()), month: pad2(date.getMonth() + 1), day: pad2(date.getDate()), hour: pad2(date.getHours()), minute: pad2(date.getMinutes()), second: pad2(date.getSeconds()), weekday: WEEKDAYS[date.getDay()]!, zone };
  }
  const parts = formatter('parts', timeZone, {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
    timeZoneName: 'short',
  }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second'), weekday: get('weekday'), zone: get('timeZoneName') || 'UTC' };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** format_timestamp: "Sun 2026-11-22 03:01:26 UTC" in the local zone (or TZ given). */
export function formatTimestamp(us: bigint, timeZone?: string): string {
  const date = new Date(Number(us / 1000n));
  const p = localParts(date, timeZone, true);
  const weekday = WEEKDAYS.includes(p.weekday) ? p.weekday : WEEKDAYS[date.getUTCDay()]!;
  return `${weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.zone}`;
}

/** The short journal timestamp: "Nov 22 03:01:26". */
export function formatJournalTimestamp(us: bigint, timeZone?: string): string {
  const p = localParts(new Date(Number(us / 1000n)), timeZone, false);
  return `${MONTHS[Number(p.month) - 1] ?? p.month} ${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** format_bytes: 1024-based with one decimal ("512.0K", "80.0M"), plain bytes below 1K ("900B"). */
export function formatBytes(bytes: bigint): string {
  const suffixes: [string, bigint][] = [
    ['E', 1024n ** 6n],
    ['P', 1024n ** 5n],
    ['T', 1024n ** 4n],
    ['G', 1024n ** 3n],
    ['M', 1024n ** 2n],
    ['K', 1024n],
  ];
  for (const [suffix, factor] of suffixes) {
    if (bytes >= factor) return `${bytes / factor}.${(bytes / (factor / 10n)) % 10n}${suffix}`;
  }
  return `${bytes}B`;
}

