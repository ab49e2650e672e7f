// systemd's preset policy (systemd.preset(5)), as systemctl list-unit-files reads it for its PRESET
// column: *.preset files from the preset folders, one file name shadowing the same name in later
// folders, read in file-name order; the first rule whose pattern matches a unit decides, and a
// unit no rule names is "enabled". Pure: the host layer lists and reads the files.
import { globToRegExp } from './names.js';

export type PresetAction = 'enable' | 'disable' | 'ignore';

export interface PresetRule {
  action: PresetAction;
  pattern: string;
  /** enable TEMPLATE INSTANCE...: only these instances (and the template itself). */
  instances: string[];
}

/** The preset folders of a manager, earliest first (systemd's CONF_PATHS). */
export function presetDirs(scope: 'system' | 'user'): string[] {
  const sub = scope === 'system' ? 'systemd/system-preset' : 'systemd/user-preset';
  return ['/etc/', '/run/', '/usr/local/lib/', '/usr/lib/'].map((d) => `${d}${sub}`);
}

/**
 * Which files are read, in order: per file name the first folder's file (a later folder's file
 * of that name is shadowed); names sorted. `listed` holds each folder's *.preset names.
 */
export function presetFileOrder(listed: readonly { dir: string; names: readonly string[] }[]): string[] {
  const chosen = new Map<string, string>();
  for (const { dir, names } of listed) {
    for (const name of names) if (name.endsWith('.preset') && !chosen.has(name)) chosen.set(name, `${dir}/${name}`);
  }
  return [...chosen.keys()].sort().map((n) => chosen.get(n)!);
}

/** Preset files say "ignore" from systemd 254 on; older ones skip such a line as not a rule. */
export const IGNORE_SINCE = 254;

/** The rules of one file, in order; lines that are not rules are skipped (as systemd, which logs them). */
export function parsePresetFile(text: string, o: { ignore: boolean } = { ignore: true }): PresetRule[] {
  const rules: PresetRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const [verb, pattern, ...instances] = line.split(/\s+/);
    if (!pattern) continue;
    if (verb === 'enable') rules.push({ action: 'enable', pattern, instances });
    else if (verb === 'disable' && !instances.length) rules.push({ action: 'disable', pattern, instances: [] });
    else if (verb === 'ignore' && o.ignore && !instances.length) rules.push({ action: 'ignore', pattern, instances: [] });
  }
  return rules;
}

function fnmatch(pattern: string, name: string): boolean {
  try {
    return globToRegExp(pattern).test(name);
  } catch {
    return false;
  }
}

function ruleMatches(rule: PresetRule, unit: string): boolean {
  if (!rule.instances.length) return fnmatch(rule.pattern, unit);
  // "enable foo@.service a b": the template itself, and its instances a and b.
  if (unit === rule.pattern) return true;
  const at = rule.pattern.indexOf('@.');
  if (at < 0) return false;
  return rule.instances.some((i) => `${rule.pattern.slice(0, at + 1)}${i}${rule.pattern.slice(at + 1)}` === unit);
}

/** What the preset policy says of a unit file: the first matching rule, else enable. */
export function presetFor(rules: readonly PresetRule[], unit: string): PresetAction {
  return rules.find((r) => ruleMatches(r, unit))?.action ?? 'enable';
}

/** The PRESET column's words (systemctl's past tense). */
export const presetWord = (a: PresetAction): string => ({ enable: 'enabled', disable: 'disabled', ignore: 'ignored' })[a];

/** States whose PRESET systemctl leaves out ("-"): it would only confuse. */
export const presetShown = (state: string): boolean => !['alias', 'static', 'generated', 'transient'].includes(state);
