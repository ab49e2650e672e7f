// The command line as data: every option and command once, with its help, where it applies and how
// many arguments it takes. Parsing, the usage checks, --help and dispatch all read this table (as
// the keymap drives the keys, the footer and the help screen).

import { VERBS, type VerbName } from '../app/verbs.js';

export type CommandName = 'tui' | 'list' | 'list-unit-files' | 'show' | 'status' | 'history' | 'journal' | 'timers' | 'sockets' | 'dependencies' | 'edit' | 'revert' | 'cat' | 'handler' | VerbName;

export interface OptionSpec {
  name: string;
  short?: string;
  type: 'boolean' | 'string';
  /** The argument's name in the help (string options). */
  arg?: string;
  /** Help text lines (the first on the option's line). */
  help: readonly string[];
  /** The commands it applies to; absent: all of them. */
  commands?: readonly CommandName[];
  /** Given more than once, each one counts (-H web1 -H db1). */
  multiple?: boolean;
}

export const OPTIONS = [
  { name: 'system', type: 'boolean', help: ['Talk to the system manager (default)'] },
  { name: 'user', type: 'boolean', help: ['Talk to your user manager (systemctl --user)'] },
  {
    name: 'host',
    short: 'H',
    type: 'string',
    arg: '[USER@]HOST[:PORT]',
    multiple: true,
    help: [
      'Manage another machine over SSH (it needs systemd, nothing else; svctui',
      'uses your ssh, its config, agent and known hosts). Several -H, or ranges as',
      "pdsh writes them (-H 'web[1-12],db[1-2]'): the fleet (the UI, list, status, history)",
    ],
  },
  { name: 'inventory', short: 'i', type: 'string', arg: 'FILE', help: ["The fleet from an Ansible inventory (INI or YAML; through ansible-inventory", 'when it is installed): ansible_host, ansible_port, ansible_user apply'] },
  { name: 'become', type: 'boolean', help: ['-H: act there through sudo (as root, or --become-user), which must not ask', 'for a password (NOPASSWD): the bus, tools and file writes (Ansible\'s become)'] },
  { name: 'become-user', type: 'string', arg: 'USER', help: ['--become: the user to become (default root)'] },
  { name: 'fleet', type: 'boolean', help: ["The fleet config.toml's [fleet] names (hosts, inventory, limit)"] },
  { name: 'limit', type: 'string', arg: 'PATTERN', help: ["--inventory: only these hosts or groups (Ansible's patterns: web:&prod:!web3)"] },
  { name: 'state', type: 'string', arg: 'LIST', help: ['list: only units in these load, active or sub states (e.g. failed; as systemctl --state);', 'list-unit-files: only unit files in these states (enabled,static)'], commands: ['list', 'list-unit-files'] },
  { name: 'type', short: 't', type: 'string', arg: 'LIST', help: ['list-unit-files: only these unit types (service,timer)'], commands: ['list-unit-files'] },
  { name: 'bus-address', type: 'string', arg: 'ADDR', help: ['Talk to the manager on this D-Bus address (e.g. unix:path=/run/user/0/bus;', 'with -H, an address on that host)'] },
  { name: 'journal-dir', type: 'string', arg: 'DIR', help: ["Read the journal from this folder (journalctl -D) instead of the machine's", '(with -H, a folder on that host)'] },
  { name: 'demo', type: 'boolean', help: ['Boot a private system manager with sample units and use svctui in it', '(needs root; --demo --user: a private user manager instead)'] },
  { name: 'as', type: 'string', arg: 'USER', help: ['--demo: use svctui as the demo\'s unprivileged user ("demo")'] },
  { name: 'all', short: 'a', type: 'boolean', help: ['list: also loaded units that are inactive (systemctl list-units --all);', 'dependencies: expand every unit, not only targets'], commands: ['list', 'dependencies'] },
  { name: 'files', type: 'boolean', help: ['list: add installed unit files that are not loaded, with their last run when known'], commands: ['list'] },
  { name: 'reverse', type: 'boolean', help: ['dependencies: what requires or wants the unit'], commands: ['dependencies'] },
  { name: 'after', type: 'boolean', help: ['dependencies: what the unit is ordered after'], commands: ['dependencies'] },
  { name: 'before', type: 'boolean', help: ['dependencies: what the unit is ordered before'], commands: ['dependencies'] },
  { name: 'json', type: 'boolean', help: ['list, list-unit-files, history, timers, sockets, handler list: print JSON', '(stable field names)'], commands: ['list', 'list-unit-files', 'history', 'timers', 'sockets', 'handler'] },
  { name: 'lines', short: 'n', type: 'string', arg: 'N', help: ['status: number of journal lines to show (default 10); journal: the newest N lines'], commands: ['status', 'journal'] },
  { name: 'priority', short: 'p', type: 'string', arg: 'PRIO', help: ['journal: only this priority and more urgent (err), or a range (err..warning)'], commands: ['journal'] },
  { name: 'since', short: 'S', type: 'string', arg: 'TIME', help: ['journal: from this time on (as journalctl: "2026-12-07 10:00", yesterday, -1h)'], commands: ['journal'] },
  { name: 'until', short: 'U', type: 'string', arg: 'TIME', help: ['journal: up to this time'], commands: ['journal'] },
  { name: 'boot', short: 'b', type: 'string', arg: 'N', help: ['journal: this boot only (0 this one, -1 the one before, or a boot id)'], commands: ['journal'] },
  { name: 'property', type: 'string', arg: 'NAME,...', multiple: true, help: ['show: only these properties, shown even when empty (show -p NAME as systemctl)'], commands: ['show'] },
  { name: 'value', type: 'boolean', help: ['show: the values alone, without NAME='], commands: ['show'] },
  { name: 'full', type: 'boolean', help: ['edit: the whole unit (a copy in /etc or ~/.config), not a drop-in'], commands: ['edit'] },
  { name: 'runtime', type: 'boolean', help: ['edit: under /run (or $XDG_RUNTIME_DIR), gone at the next boot'], commands: ['edit'] },
  { name: 'drop-in', type: 'string', arg: 'NAME', help: ['edit: the drop-in NAME.conf instead of override.conf'], commands: ['edit'] },
  { name: 'stdin', type: 'boolean', help: ['edit: take the new text from standard input instead of an editor'], commands: ['edit'] },
  { name: 'template', type: 'string', arg: 'T', help: ['handler: log (default), on-status, on-failure, json, custom'], commands: ['handler'] },
  { name: 'when', type: 'string', arg: 'W', help: ['handler: always (default), not-stopped, failure, statuses, results'], commands: ['handler'] },
  { name: 'statuses', type: 'string', arg: 'LIST', help: ['handler: exit statuses or signals, e.g. 3,4,KILL'], commands: ['handler'] },
  { name: 'results', type: 'string', arg: 'LIST', help: ['handler: service results, e.g. exit-code,signal'], commands: ['handler'] },
  { name: 'command', type: 'string', arg: 'CMD', help: ['handler: the command (on-status, on-failure) or snippet (custom)'], commands: ['handler'] },
  { name: 'file', type: 'string', arg: 'PATH', help: ['handler: where the json template appends its records'], commands: ['handler'] },
  { name: 'exec', type: 'string', arg: 'PATH', help: ['handler: attach an existing executable instead of a template'], commands: ['handler'] },
  { name: 'name', type: 'string', arg: 'NAME', help: ["handler: its name (default: the template's)"], commands: ['handler'] },
  { name: 'no-ignore-failure', type: 'boolean', help: ['handler: without "-" (a failing handler then fails the unit)'], commands: ['handler'] },
  { name: 'privileged', type: 'boolean', help: ['handler: with "+" (full privileges)'], commands: ['handler'] },
  { name: 'yes', type: 'boolean', help: ['handler: do not ask before attaching or detaching'], commands: ['handler'] },
  { name: 'simulate-anyway', type: 'boolean', help: ['handler: simulate an --exec that does not declare SVCTUI_DRY_RUN'], commands: ['handler'] },
  { name: 'rolling', type: 'boolean', help: ['With several hosts: one host at a time, each unit active before the next', 'host; stops at the first failure and says where'], commands: ['start', 'restart', 'try-restart', 'reload', 'reload-or-restart'] },
  { name: 'pause', type: 'string', arg: 'SECONDS', help: ['--rolling: wait this long between hosts (default 0)'], commands: ['start', 'restart', 'try-restart', 'reload', 'reload-or-restart'] },
  { name: 'now', type: 'boolean', help: ['enable, disable: start or stop the units too'], commands: ['enable', 'disable'] },
  { name: 'signal', short: 's', type: 'string', arg: 'SIG', help: ['kill: the signal to send (default TERM)'], commands: ['kill'] },
  { name: 'kill-whom', type: 'string', arg: 'WHOM', help: ['kill: main, control or all processes (default all)'], commands: ['kill'] },
  { name: 'quiet', short: 'q', type: 'boolean', help: ['is-active, is-failed, is-enabled: print nothing, only the exit status'], commands: ['is-active', 'is-failed', 'is-enabled'] },
  { name: 'timeout', type: 'string', arg: 'SECONDS', help: ['Give up on a D-Bus call after this long (default 25)'] },
  { name: 'no-ask-password', type: 'boolean', help: ['Do not ask for a password when polkit wants one (actions then fail, in words)'] },
  { name: 'no-config', type: 'boolean', help: ['The interactive UI without config.toml (keys, theme, mouse)'], commands: ['tui'] },
  { name: 'print-config', type: 'boolean', help: ['Print the configuration file with every default (keys, theme, mouse)'] },
  { name: 'help', short: 'h', type: 'boolean', help: ['Show this help'] },
  { name: 'version', short: 'V', type: 'boolean', help: ['Show the version'] },
] as const satisfies readonly OptionSpec[];

/** What parseArgs gives for the table's options, typed by it. */
export type OptionValues = { [O in (typeof OPTIONS)[number] as O['name']]?: O extends { multiple: true } ? string[] : O['type'] extends 'string' ? string : boolean };

export interface CommandSpec {
  name: CommandName;
  /** Lines of the help: the synopsis and what it does. */
  help: [synopsis: string, ...lines: string[]][];
  /** How many arguments (after the command word, and for handler after its action). */
  args: { min: number; max: number };
  /** Said when the arguments are too few or too many. */
  argsWords: string;
  /** Its arguments are unit patterns (checked before connecting). */
  patterns?: boolean;
  /** It shows runs: the run store is opened. */
  history?: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'list',
    help: [
      [
        'list [PATTERN...]',
        'One row per unit: UNIT LOAD ACTIVE SUB LAST EXIT STOP REASON SINCE DESCRIPTION;',
        'the units and order of systemctl list-units (--all: list-units --all; --files',
        'adds unit files that are not loaded)',
      ],
    ],
    args: { min: 0, max: Infinity },
    argsWords: '',
    patterns: true,
    history: true,
  },
  {
    name: 'list-unit-files',
    help: [['list-unit-files [PATTERN...]', "Every unit file, its enablement and what the preset policy says of it, as", "systemctl list-unit-files (the presets read on the unit's own host)"]],
    args: { min: 0, max: Infinity },
    argsWords: '',
    patterns: true,
  },
  {
    name: 'show',
    help: [['show [UNIT...] [-p NAME,...] [--value]', "Every property of each unit (of the manager without one) as systemctl show", 'prints them: NAME=VALUE, formatted by type; a blank line between units']],
    args: { min: 0, max: Infinity },
    argsWords: '',
    patterns: true,
  },
  {
    name: 'status',
    help: [['status UNIT...', 'The systemctl status view of each unit, with its journal tail', '(exit code 0 active, 3 not active, 4 no such unit)']],
    args: { min: 1, max: Infinity },
    argsWords: 'status needs at least one unit name, e.g. svctui status --user demo.service',
    patterns: true,
    history: true,
  },
  {
    name: 'history',
    help: [['history UNIT...', "Each unit's runs (start, duration, exit, stop reason, what ended it) and", 'what systemd does next per Restart= (--json: an object, an array for several)']],
    args: { min: 1, max: Infinity },
    argsWords: 'history needs at least one unit name, e.g. svctui history --user demo.service',
    history: true,
  },
  {
    name: 'journal',
    help: [['journal UNIT...', "The units' journal, merged, as journalctl shows it; -p, --since, --until, -b and", '-n filter as journalctl does']],
    args: { min: 1, max: Infinity },
    argsWords: 'journal needs at least one unit name, e.g. svctui journal nginx ssh',
  },
  {
    name: 'timers',
    help: [['timers [PATTERN...]', 'Every loaded timer as systemctl list-timers --all shows it: NEXT LEFT LAST', 'PASSED UNIT ACTIVATES (--json adds the activated units\' last exit and stop reason)']],
    args: { min: 0, max: Infinity },
    argsWords: '',
    patterns: true,
  },
  {
    name: 'sockets',
    help: [['sockets [PATTERN...]', 'Every loaded socket as systemctl list-sockets --all shows it: LISTEN UNIT ACTIVATES']],
    args: { min: 0, max: Infinity },
    argsWords: '',
    patterns: true,
  },
  {
    name: 'dependencies',
    help: [['dependencies UNIT', 'What the unit requires and wants, as a tree (systemctl list-dependencies);', '--reverse, --after, --before for the other directions']],
    args: { min: 1, max: 1 },
    argsWords: 'dependencies needs exactly one unit name',
  },
  {
    name: 'edit',
    help: [
      [
        'edit UNIT',
        'Edit a drop-in (override.conf) like systemctl edit, validated with',
        'systemd-analyze verify before it is applied; --full edits a copy of the',
        'whole unit, --runtime edits under /run, --drop-in NAME picks the file,',
        '--stdin takes the text from standard input',
      ],
    ],
    args: { min: 1, max: 1 },
    argsWords: 'edit needs exactly one unit name',
  },
  { name: 'revert', help: [['revert UNIT', "Remove the unit's drop-ins and copies and unmask it (asks first)"]], args: { min: 1, max: 1 }, argsWords: 'revert needs exactly one unit name' },
  { name: 'cat', help: [['cat UNIT', 'The effective unit: its file and drop-ins, with their paths']], args: { min: 1, max: 1 }, argsWords: 'cat needs exactly one unit name' },
  {
    name: 'handler',
    help: [
      ['handler list UNIT', "The unit's ExecStopPost= handlers: prefixes in words, source file, last run"],
      ['handler preview UNIT', 'The drop-in and script a handler would get, and a simulation of it in every', 'kind of stop (stopped by request, clean exit, exit N, killed, core dump, ...)'],
      ['handler attach UNIT', 'The same, then attach it (asks first; --yes does not)'],
      ['handler detach UNIT NAME', 'Remove the handler NAME and its generated script (asks first; --yes does not)'],
      ['handler test UNIT [NAME]', 'Test the handler live: stop or restart the unit (start and stop it when it is', "not running), asked first; then the handler's exit and its output"],
    ],
    args: { min: 2, max: 3 },
    argsWords: 'handler needs an action and a unit: svctui handler list|preview|attach|detach|test UNIT [NAME]',
  },
  // The systemctl verbs, with its meaning and exit codes (app/verbs.ts).
  ...VERBS.map(
    (v): CommandSpec => ({
      name: v.name,
      help: [v.help],
      args: { min: v.minUnits, max: Infinity },
      argsWords: `${v.name} needs at least one unit name, e.g. svctui ${v.name} nginx.service`,
      patterns: v.globs === 'loaded',
    }),
  ),
];

export const commandNamed = (name: string): CommandSpec | undefined => COMMANDS.find((c) => c.name === name);

const COLUMN = 25;

/** One entry of the help: its first column, then the text, wrapped lines aligned. */
function entry(left: string, lines: readonly string[]): string[] {
  const [first = '', ...rest] = lines;
  const head = left.length <= COLUMN - 3 ? [`  ${left.padEnd(COLUMN - 2)}${first}`] : [`  ${left}`, `${' '.repeat(COLUMN)}${first}`];
  return [...head, ...rest.map((l) => `${' '.repeat(COLUMN)}${l}`)];
}

/** svctui --help, from the table. */
export function usageText(): string {
  const options = (OPTIONS as readonly OptionSpec[]).map((o) => entry(`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.arg ? ` ${o.arg}` : ''}`, o.help));
  return [
    'Usage: svctui [OPTIONS] [PATTERN...]        the interactive UI (keys: press ? inside)',
    '       svctui [OPTIONS] COMMAND [ARGS...]',
    '',
    'A keyboard-driven terminal UI for systemd: live unit status, last exit code and why each unit stopped.',
    'PATTERNs are unit names or shell globs (nginx, ssh*, *.timer); a name without a type means .service.',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => c.help.flatMap(([synopsis, ...lines]) => entry(synopsis, lines))),
    '',
    'Options:',
    ...options.flat(),
    '',
    'Exit status: 0 done, 1 failed, 2 usage error, 3 a unit is not active (status), 4 no such unit,',
    '130 interrupted (Ctrl-C). The systemctl verbs (start … is-enabled) exit as systemctl does:',
    '3 not applicable or not active, 4 no permission, 5 no such unit, 6 the unit file is broken.',
    '',
  ].join('\n');
}

/** svctui COMMAND --help: that command's lines and the options that apply to it. */
export function commandUsageText(spec: CommandSpec): string {
  const own = (OPTIONS as readonly OptionSpec[]).filter((o) => o.commands?.includes(spec.name));
  const global = (OPTIONS as readonly OptionSpec[]).filter((o) => !o.commands && !['help', 'version', 'print-config', 'demo', 'as'].includes(o.name));
  const lines = (list: OptionSpec[]) => list.flatMap((o) => entry(`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.arg ? ` ${o.arg}` : ''}`, o.help));
  return [
    ...spec.help.map(([synopsis]) => `Usage: svctui [OPTIONS] ${synopsis}`),
    '',
    ...spec.help.flatMap(([synopsis, ...text]) => entry(synopsis, text)),
    ...(own.length ? ['', 'Options of this command:', ...lines(own)] : []),
    '',
    'Options of every command:',
    ...lines(global),
    '',
    'svctui --help lists every command.',
    '',
  ].join('\n');
}

/** The options for node:util parseArgs. */
export function parseArgsOptions(): Record<string, { type: 'boolean' | 'string'; short?: string }> {
  return Object.fromEntries((OPTIONS as readonly OptionSpec[]).map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]));
}

/** The given options that do not apply to this command, in words (or undefined). */
export function misplacedOption(command: CommandName, given: readonly string[]): string | undefined {
  for (const name of given) {
    const spec: OptionSpec | undefined = OPTIONS.find((o) => o.name === name);
    if (!spec?.commands || spec.commands.includes(command)) continue;
    const where = spec.commands.join(', ');
    return command === 'tui' ? `--${name} applies to ${where}, not to the interactive UI` : `--${name} applies to ${where}, not to ${command}`;
  }
  return undefined;
}

/** The command a mistyped word was meant to be (one or two letters off), if any. */
export function meantCommand(word: string): string | undefined {
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        // Two letters swapped (lsit) is one slip, not two.
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    return d[a.length]![b.length]!;
  };
  return COMMANDS.map((c) => c.name).find((c) => distance(word.toLowerCase(), c) <= (c.length > 4 ? 2 : 1));
}
