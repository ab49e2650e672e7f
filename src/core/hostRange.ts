// Host lists as pdsh and clush write them: "web[1-12],db[01-02],mail" expands to the hosts, and a
// list of hosts folds back into the shortest such text (clush's "web[1-3,7]"). Pure.

export class HostRangeError extends Error {
  override name = 'HostRangeError';
}

/** At most this many hosts from one expression (a typo like web[1-100000] is refused, not run). */
export const MAX_HOSTS = 10_000;

/** Splits at commas outside brackets. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    if (depth < 0) throw new HostRangeError(`"${text}": a "]" without its "["`);
    if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new HostRangeError(`"${text}": a "[" without its "]"`);
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The values of one bracket: "1-3,7,09-11" (a leading zero sets the width, as pdsh does). */
function bracketValues(body: string, whole: string): string[] {
  const out: string[] = [];
  for (const item of body.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item.trim());
    if (!m) throw new HostRangeError(`"${whole}": "${item}" in [${body}] is not a number or a range such as 1-12`);
    const [from, to = from] = [m[1]!, m[2]];
    const a = Number(from);
    const b = Number(to);
    if (b < a) throw new HostRangeError(`"${whole}": the range ${from}-${to} runs backwards (write ${to}-${from})`);
    if (b - a + 1 > MAX_HOSTS) throw new HostRangeError(`"${whole}": ${from}-${to} is ${b - a + 1} hosts; at most ${MAX_HOSTS} are taken`);
    const width = from.length > 1 && from.startsWith('0') ? from.length : 0;
    for (let n = a; n <= b; n++) out.push(String(n).padStart(width, '0'));
  }
  return out;
}

/** One pattern with any number of brackets: "rack[1-2]-node[1-3]" is six hosts. */
function expandOne(pattern: string): string[] {
  const open = pattern.indexOf('[');
  if (open < 0) return [pattern];
  const close = pattern.indexOf(']', open);
  const body = pattern.slice(open + 1, close);
  // An IPv6 address in brackets (root@[::1]:22) is a host, not a range.
  if (body.includes(':')) return expandOne(pattern.slice(close + 1)).map((r) => `${pattern.slice(0, close + 1)}${r}`);
  const values = bracketValues(body, pattern);
  const rest = expandOne(pattern.slice(close + 1));
  const out: string[] = [];
  for (const v of values) for (const r of rest) out.push(`${pattern.slice(0, open)}${v}${r}`);
  if (out.length > MAX_HOSTS) throw new HostRangeError(`"${pattern}" is ${out.length} hosts; at most ${MAX_HOSTS} are taken`);
  return out;
}

/** Every host of an expression, in order, each once. */
export function expandHosts(text: string): string[] {
  const out: string[] = [];
  for (const part of topLevelParts(text)) out.push(...expandOne(part));
  if (out.length > MAX_HOSTS) throw new HostRangeError(`"${text.slice(0, 60)}" is ${out.length} hosts; at most ${MAX_HOSTS} are taken`);
  return [...new Set(out)];
}

/**
 * Hosts folded into ranges, as clush prints them: hosts that differ only in their last number
 * share one bracket ("web1 web2 web3 web7" → "web[1-3,7]"); numbers keep their width.
 */
export function foldHosts(hosts: readonly string[]): string {
  const groups = new Map<string, { width: number; numbers: number[] }>();
  const plain: string[] = [];
  for (const h of [...new Set(hosts)]) {
    const m = /^(.*?)(\d+)(\D*)$/.exec(h);
    if (!m) {
      plain.push(h);
      continue;
    }
    const [, prefix, digits, suffix] = m as unknown as [string, string, string, string];
    const width = digits.length > 1 && digits.startsWith('0') ? digits.length : 0;
    const key = `${prefix}\u0000${suffix}\u0000${width}`;
    const g = groups.get(key) ?? { width, numbers: [] };
    g.numbers.push(Number(digits));
    groups.set(key, g);
  }
  const parts: string[] = [...plain.sort()];
  for (const [key, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [prefix, suffix] = key.split('\u0000') as [string, string];
    const nums = [...new Set(g.numbers)].sort((a, b) => a - b);
    const pad = (n: number) => String(n).padStart(g.width, '0');
    if (nums.length === 1) {
      parts.push(`${prefix}${pad(nums[0]!)}${suffix}`);
      continue;
    }
    const runs: string[] = [];
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      runs.push(i === j ? pad(nums[i]!) : `${pad(nums[i]!)}-${pad(nums[j]!)}`);
      i = j + 1;
    }
    parts.push(`${prefix}[${runs.join(',')}]${suffix}`);
  }
  return parts.join(',');
}
