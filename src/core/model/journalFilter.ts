// The detail pane's journal filter (J): journalctl's own options — -p, --since, --until, -b and -u
// for more units — typed as a person types them to journalctl, checked here, and handed to
// journalctl as they are (so "yesterday", "-1h" and boot offsets mean what journalctl makes of them).
import { shellWord } from '../quoting.js';
import { mangleUnitName, unitNameProblem } from '../names.js';

export interface PaneJournalFilter {
  /** journalctl -p: a level (err, 3) or a range (err..warning). */
  priority?: string;
  since?: string;
  until?: string;
  /** journalctl -b: 0 this boot, -1 the one before, or a boot id. */
  boot?: string;
  /** More units whose lines are merged with the selected one's. */
  units?: string[];
}

export const PRIORITY_WORDS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** A priority or range journalctl takes, or the problem in words. */
export function priorityProblem(p: string): string | undefined {
  const one = (x: string) => /^[0-7]$/.test(x) || PRIORITY_WORDS.includes(x);
  const parts = p.split('..');
  if (parts.length > 2 || !parts.every(one)) return `-p takes a priority (${PRIORITY_WORDS.join(', ')}, or 0-7) or a range such as err..warning, not "${p}"`;
  return undefined;
}

export const BOOT_ARG = /^(-?\d+|[0-9a-f]{32})$/;

/** Words as a shell splits them: spaces separate, quotes keep ("2026-12-07 10:00"), \ escapes. */
function words(text: string): string[] | undefined {
  const out: string[] = [];
  let cur: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur = (cur ?? '') + text[++i];
      else cur = (cur ?? '') + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      cur ??= '';
    } else if (c === '\\' && i + 1 < text.length) cur = (cur ?? '') + text[++i];
    else if (/\s/.test(c)) {
      if (cur !== undefined) out.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + c;
  }
  if (quote) return undefined;
  if (cur !== undefined) out.push(cur);
  return out;
}

const OPTIONS: Record<string, keyof PaneJournalFilter> = { '-p': 'priority', '--priority': 'priority', '-S': 'since', '--since': 'since', '-U': 'until', '--until': 'until', '-b': 'boot', '--boot': 'boot', '-u': 'units', '--unit': 'units' };

/** The filter a person typed, or what is wrong with it in words. An empty text is no filter. */
export function parseJournalFilter(text: string): { filter: PaneJournalFilter } | { problem: string } {
  const w = words(text);
  if (!w) return { problem: 'a quote is not closed' };
  const f: PaneJournalFilter = {};
  for (let i = 0; i < w.length; i++) {
    const word = w[i]!;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = eq > 0 ? word.slice(0, eq) : /^-[pSUbu]./.test(word) ? word.slice(0, 2) : word;
    const key = OPTIONS[name];
    if (!key) return { problem: `"${word}" is not one of the filter's options: -p PRIORITY, --since TIME, --until TIME, -b [N], -u UNIT` };
    let value = eq > 0 ? word.slice(eq + 1) : name !== word ? word.slice(2) : undefined;
    // -b alone is this boot (journalctl's -b); its offset is optional.
    if (value === undefined && key === 'boot') value = w[i + 1] !== undefined && BOOT_ARG.test(w[i + 1]!) ? w[++i] : '0';
    if (value === undefined) value = w[++i];
    if (value === undefined || value === '') return { problem: `${name} needs a value` };
    if (key === 'priority') {
      const problem = priorityProblem(value);
      if (problem) return { problem };
      f.priority = value;
    } else if (key === 'boot') {
      if (!BOOT_ARG.test(value)) return { problem: `-b takes a boot offset (0, -1, …) or a boot id, not "${value}"` };
      f.boot = value;
    } else if (key === 'units') {
      const unit = mangleUnitName(value);
      const problem = unitNameProblem(unit);
      if (problem) return { problem: `-u ${value}: ${problem}` };
      f.units = [...(f.units ?? []), unit];
    } else f[key] = value;
  }
  return { filter: f };
}

/** The filter as it would be typed again (the question's default, and what the pane says). */
export function journalFilterText(f: PaneJournalFilter): string {
  return [
    ...(f.priority ? ['-p', f.priority] : []),
    ...(f.since ? ['--since', shellWord(f.since)] : []),
    ...(f.until ? ['--until', shellWord(f.until)] : []),
    ...(f.boot !== undefined ? ['-b', f.boot] : []),
    ...(f.units ?? []).flatMap((u) => ['-u', shellWord(u)]),
  ].join(' ');
}

/** The filter's options for journalctl, before its matches. */
export function journalFilterOptions(f: PaneJournalFilter): string[] {
  return [...(f.priority ? ['-p', f.priority] : []), ...(f.since ? [`--since=${f.since}`] : []), ...(f.until ? [`--until=${f.until}`] : []), ...(f.boot !== undefined ? [`--boot=${f.boot}`] : [])];
}

/** Whether new lines can still come: no --until, and this boot (or every boot). */
export const filterFollows = (f: PaneJournalFilter): boolean => !f.until && (f.boot === undefined || f.boot === '0');

/** Whether the filter only narrows by priority (the unit's own tail, as systemctl status selects it). */
export const onlyPriority = (f: PaneJournalFilter): boolean => !f.since && !f.until && f.boot === undefined && !f.units?.length;
