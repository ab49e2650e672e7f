// svctui's configuration file (config.toml): key bindings, the theme and the mouse, validated with
// messages that name the line (pure: the file is read in host/local/config.ts).
import { parse, TomlError } from 'smol-toml';
import { BINDINGS, keyConflicts, MODE_TITLES, type Binding, type CommandId } from './keymap.js';

export type ThemeName = 'dark' | 'light' | 'auto';

export interface Config {
  theme: ThemeName;
  mouse: boolean;
  /** Keys per command, replacing its default keys wherever it is bound. */
  keys: Partial<Record<CommandId, string[]>>;
  /** The fleet svctui --fleet means, and how many hosts it connects to at once. */
  fleet?: FleetConfig;
}

export interface FleetConfig {
  /** Hosts and ranges, as -H takes them. */
  hosts?: string[];
  /** An Ansible inventory, as --inventory. */
  inventory?: string;
  /** As --limit. */
  limit?: string;
  /** Hosts connected at once (default 10, as sshd's MaxStartups starts refusing there). */
  concurrency?: number;
  /** The UI's rolling actions: seconds to wait between hosts (the command line's --pause). */
  pause?: number;
}

export const DEFAULT_CONFIG: Config = { theme: 'auto', mouse: true, keys: {} };

const NAMED_KEYS = new Set(['up', 'down', 'left', 'right', 'pagedown', 'pageup', 'home', 'end', 'enter', 'esc', 'tab', 'backspace', 'delete', 'space']);

/** A key name as the keymap writes them: one printable character, a named key, or ctrl+letter. */
export function keyNameProblem(key: string): string | undefined {
  if (NAMED_KEYS.has(key)) return undefined;
  if (/^ctrl\+[a-z]$/.test(key)) return undefined;
  if ([...key].length === 1 && /^[!-~]$/.test(key)) return undefined;
  return `"${key}" is not a key svctui knows: use one printable character (x, X, !), ctrl+LETTER, or one of ${[...NAMED_KEYS].join(', ')}`;
}

/** Commands a config may rebind: every one with keys of its own (not the dialog's letters). */
const REBINDABLE = new Set(BINDINGS.filter((b) => !b.keys.includes('letter')).map((b) => b.command));

/** The line (from 1) where `name =` stands in the text, after a [section] if one is given. */
function lineOf(text: string, name: string, section?: string): number | undefined {
  const lines = text.split('\n');
  let inSection = section === undefined;
  const key = new RegExp(`^\\s*("${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"|${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})\\s*=`);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const header = /^\s*\[([^\]]+)\]/.exec(l);
    if (header) inSection = section !== undefined && header[1]!.trim() === section;
    else if (inSection && key.test(l)) return i + 1;
  }
  return undefined;
}

export interface ConfigResult {
  config: Config;
  /** Problems, each naming the file and line: svctui does not start with any. */
  errors: string[];
}

export function parseConfig(text: string, file: string): ConfigResult {
  const errors: string[] = [];
  const at = (name: string, section?: string) => {
    const line = lineOf(text, name, section);
    return line ? `${file} line ${line}` : file;
  };
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) return { config: DEFAULT_CONFIG, errors: [`${file} line ${err.line}: ${err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')}`] };
    return { config: DEFAULT_CONFIG, errors: [`${file}: ${(err as Error).message}`] };
  }
  const config: Config = { ...DEFAULT_CONFIG, keys: {} };
  for (const [name, value] of Object.entries(doc)) {
    switch (name) {
      case 'theme':
        if (value === 'dark' || value === 'light' || value === 'auto') config.theme = value;
        else errors.push(`${at('theme')}: theme is "dark", "light" or "auto", not ${JSON.stringify(value)}`);
        break;
      case 'mouse':
        if (typeof value === 'boolean') config.mouse = value;
        else errors.push(`${at('mouse')}: mouse is true or false, not ${JSON.stringify(value)}`);
        break;
      case 'keys':
        if (!value || typeof value !== 'object' || Array.isArray(value)) {
          errors.push(`${at('keys')}: keys is a table: [keys] with lines like stop = "X"`);
          break;
        }
        for (const [command, keys] of Object.entries(value as Record<string, unknown>)) {
          const where = at(command, 'keys');
          if (!REBINDABLE.has(command as CommandId)) {
            errors.push(`${where}: no command "${command}" (svctui --print-config lists them)`);
            continue;
          }
          const list = typeof keys === 'string' ? [keys] : Array.isArray(keys) && keys.every((k) => typeof k === 'string') ? (keys as string[]) : undefined;
          if (!list || list.length === 0) {
            errors.push(`${where}: ${command} takes a key or a list of keys, e.g. "X" or ["X", "ctrl+x"]`);
            continue;
          }
          const bad = list.map(keyNameProblem).find(Boolean);
          if (bad) errors.push(`${where}: ${bad}`);
          else config.keys[command as CommandId] = list;
        }
        break;
      case 'fleet':
        config.fleet = parseFleet(value, (key) => at(key, 'fleet'), errors);
        break;
      default:
        errors.push(`${at(name)}: "${name}" is not a setting (there are theme, mouse, [keys] and [fleet])`);
    }
  }
  return { config, errors };
}

function parseFleet(value: unknown, at: (key: string) => string, errors: string[]): FleetConfig | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${at('fleet')}: fleet is a table: [fleet] with hosts = ["web[1-12]"] or inventory = "hosts.ini"`);
    return undefined;
  }
  const out: FleetConfig = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'hosts' && Array.isArray(v) && v.length && v.every((h) => typeof h === 'string' && h.trim())) out.hosts = v as string[];
    else if (key === 'hosts' && typeof v === 'string' && v.trim()) out.hosts = [v];
    else if ((key === 'inventory' || key === 'limit') && typeof v === 'string' && v.trim()) out[key] = v;
    else if (key === 'concurrency' && Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100) out.concurrency = v as number;
    else if (key === 'pause' && typeof v === 'number' && v >= 0 && v <= 3600) out.pause = v;
    else if (key === 'hosts' || key === 'inventory' || key === 'limit' || key === 'concurrency' || key === 'pause') {
      const want = { hosts: 'a list of hosts or ranges, e.g. ["web[1-12]", "db1"]', inventory: 'a file name', limit: "a pattern (Ansible's)", concurrency: 'a whole number from 1 to 100', pause: 'seconds from 0 to 3600' }[key];
      errors.push(`${at(key)}: fleet.${key} is ${want}, not ${JSON.stringify(v)}`);
    } else errors.push(`${at(key)}: "${key}" is not a fleet setting (there are hosts, inventory, limit, concurrency and pause)`);
  }
  return out;
}

/** The bindings with the config's keys, and the conflicts they make (in words; empty when none). */
export function bindingsWith(keys: Config['keys'], file = 'the configuration'): { bindings: Binding[]; conflicts: string[] } {
  const bindings = BINDINGS.map((b) => (keys[b.command] ? { ...b, keys: [...keys[b.command]!] } : b));
  const conflicts = keyConflicts(bindings).map((c) => {
    const m = /^(\w[\w-]*):(.+) is bound to (\S+) and (\S+)$/.exec(c);
    const words = m ? `the key ${m[2]} would be ${m[3]} and ${m[4]} at once (${MODE_TITLES[m[1] as keyof typeof MODE_TITLES] ?? m[1]})` : c;
    return `${file}: ${words}: give one of them another key`;
  });
  return { bindings, conflicts };
}

/** svctui --print-config: the defaults as a config file, every command with its keys and what it does. */
export function defaultConfigText(): string {
  const seen = new Set<CommandId>();
  const keyLines: string[] = [];
  for (const b of BINDINGS) {
    if (!REBINDABLE.has(b.command) || seen.has(b.command)) continue;
    seen.add(b.command);
    const keys = BINDINGS.find((x) => x.command === b.command)!.keys;
    keyLines.push(`# ${b.description}`, `# ${b.command} = ${keys.length === 1 ? JSON.stringify(keys[0]) : `[${keys.map((k) => JSON.stringify(k)).join(', ')}]`}`);
  }
  return [
    '# svctui configuration: $XDG_CONFIG_HOME/svctui/config.toml (default ~/.config/svctui/config.toml).',
    '# These are the defaults; the keys are commented out: remove the # of what you change.',
    '# svctui --no-config starts without the file.',
    '',
    '# dark, light, or auto (asks the terminal for its background; dark when it does not say).',
    '# NO_COLOR and TERM=dumb still turn colour off.',
    '# theme = "auto"',
    '',
    '# Click a row to select it, scroll the list and the detail pane, click a footer entry.',
    '# mouse = true',
    '',
    '# Keys: a character (x, X, !), ctrl+LETTER, or up, down, left, right, pagedown, pageup, home, end,',
    '# enter, esc, tab, backspace, delete, space. A command given here gets exactly these keys, in every',
    '# place it is bound; two commands with one key in one place are refused at start.',
    '# The fleet svctui --fleet shows (hosts as -H takes them, and/or an Ansible inventory),',
    '# and how many hosts it connects to at once.',
    '# [fleet]',
    '# hosts = ["web[1-12]", "db1"]',
    '# inventory = "/etc/ansible/hosts"',
    '# limit = "prod"',
    '# concurrency = 10',
    '# (the UI\'s rolling restarts: seconds between hosts)',
    '# pause = 0',
    '',
    '[keys]',
    ...keyLines,
    '',
  ].join('\n');
}
