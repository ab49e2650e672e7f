// Unit names and their D-Bus object paths (systemd's bus-label escaping).

export const UNIT_PATH_PREFIX = '/org/freedesktop/systemd1/unit/';

const UNIT_TYPES = ['service', 'socket', 'target', 'device', 'mount', 'automount', 'swap', 'timer', 'path', 'slice', 'scope'] as const;

/** Escapes one label: every byte outside [A-Za-z0-9] (and a leading digit) becomes _xx. */
export function escapeBusLabel(label: string): string {
  if (label === '') return '_';
  const bytes = Buffer.from(label, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const isAlpha = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
    const isDigit = b >= 0x30 && b <= 0x39;
    if (isAlpha || (isDigit && i > 0)) out += String.fromCharCode(b);
    else out += '_' + b.toString(16).padStart(2, '0');
  }
  return out;
}

export function unescapeBusLabel(escaped: string): string {
  if (escaped === '_') return '';
  const bytes: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c === '_' && /^[0-9a-fA-F]{2}$/.test(escaped.slice(i + 1, i + 3))) {
      bytes.push(parseInt(escaped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function unitObjectPath(unit: string): string {
  return UNIT_PATH_PREFIX + escapeBusLabel(unit);
}

// Every signal names its unit by object path: decode each path once.
const namesByPath = new Map<string, string>();

export function unitNameFromPath(path: string): string | undefined {
  if (!path.startsWith(UNIT_PATH_PREFIX)) return undefined;
  let name = namesByPath.get(path);
  if (name === undefined) {
    name = unescapeBusLabel(path.slice(UNIT_PATH_PREFIX.length));
    if (namesByPath.size > 50_000) namesByPath.clear();
    namesByPath.set(path, name);
  }
  return name;
}

export function unitType(unit: string): string {
  const dot = unit.lastIndexOf('.');
  return dot < 0 ? '' : unit.slice(dot + 1);
}

/** Longest unit name systemd accepts (UNIT_NAME_MAX - 1). */
const UNIT_NAME_MAX = 255;
const VALID_CHARS = /^[A-Za-z0-9:\-_.\\@]+$/;

/**
 * Checks a unit name the way systemd's unit_name_is_valid does (plain, template or instance).
 * Returns a reason in words when invalid, undefined when valid.
 */
export function unitNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the unit name is empty';
  if (name.length > UNIT_NAME_MAX) return `the unit name is longer than ${UNIT_NAME_MAX} characters`;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'a unit name needs a type suffix such as .service or .timer';
  const type = name.slice(dot + 1);
  if (!(UNIT_TYPES as readonly string[]).includes(type)) {
    return `"${type}" is not a unit type (expected one of ${UNIT_TYPES.join(', ')})`;
  }
  const prefix = name.slice(0, dot);
  if (!VALID_CHARS.test(prefix)) return 'a unit name may only contain letters, digits and the characters : - _ . \\ @';
  const at = prefix.indexOf('@');
  if (at === 0) return 'a unit name may not start with @';
  if (at >= 0 && prefix.indexOf('@', at + 1) >= 0) return 'a unit name may contain @ only once';
  return undefined;
}

/**
 * Turns what a user typed into a unit name like systemctl does: a name without a known suffix
 * gets ".service". Returns undefined for globs (they are patterns, not names).
 */
export function mangleUnitName(input: string): string {
  const dot = input.lastIndexOf('.');
  const type = dot > 0 ? input.slice(dot + 1) : '';
  if ((UNIT_TYPES as readonly string[]).includes(type)) return input;
  return `${input}.service`;
}

export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/** fnmatch-style glob (as systemctl's patterns): *, ?, [...] ; no path semantics. */
export function globToRegExp(glob: string): RegExp {
  const problem = globProblem(glob);
  if (problem) throw new PatternError(`"${glob}" is not a valid pattern: ${problem}`);
  return new RegExp(globSource(glob));
}

/** A pattern that cannot be used, said in words. */
export class PatternError extends Error {
  override name = 'PatternError';
}

/** Longest pattern taken: a unit name has at most 255 characters; room is left for wildcards. */
export const PATTERN_MAX_LENGTH = 512;
/** Most '*' in one pattern: each is a backtracking point when matched. */
export const PATTERN_MAX_STARS = 16;

/** A pattern too big to be a unit name or too costly to match, in words; undefined when fine. */
export function patternSizeProblem(pattern: string): string | undefined {
  if (pattern.length > PATTERN_MAX_LENGTH) return `it has ${pattern.length} characters; a unit name has at most 255, a pattern at most ${PATTERN_MAX_LENGTH}`;
  const stars = pattern.split('*').length - 1;
  if (stars > PATTERN_MAX_STARS) return `it has ${stars} '*'; at most ${PATTERN_MAX_STARS} are taken (each makes matching slower)`;
  return undefined;
}

/** A long text shown in a message: its start, and how long it was. */
export function shortened(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Why a glob cannot be used (such as a range [z-a] out of order), or undefined. */
export function globProblem(glob: string): string | undefined {
  for (const m of glob.matchAll(/\[!?([^\]]+)\]/g)) {
    for (const r of m[1]!.matchAll(/(.)-(.)/gu)) {
      if (r[1]! > r[2]!) return `the range ${r[1]}-${r[2]} is out of order (write ${r[2]}-${r[1]})`;
    }
  }
  try {
    new RegExp(globSource(glob));
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '').toLowerCase();
  }
}

function globSource(glob: string): string {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return re + '$';
}

/** systemctl list-unit-files' order: by type (the suffix), then by name, both without case (strcasecmp). */
export function unitFileOrder(a: { name: string }, b: { name: string }): number {
  const ta = a.name.slice(a.name.lastIndexOf('.')).toLowerCase();
  const tb = b.name.slice(b.name.lastIndexOf('.')).toLowerCase();
  if (ta !== tb) return ta < tb ? -1 : 1;
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}
