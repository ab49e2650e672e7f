// The key bindings, as data. Input handling, the footer and the help screen are all generated from
// this one table; a view never matches keys itself.
import { VIEWS, type View } from './model/viewRegistry.js';

export type Mode = 'list' | 'detail' | 'filter' | 'search' | 'confirm' | 'help' | 'dialog' | 'dialog-text';

export type CommandId =
  | 'move-down'
  | 'move-up'
  | 'page-down'
  | 'page-up'
  | 'first'
  | 'last'
  | 'filter'
  | 'cycle-type'
  | 'cycle-state'
  | 'cycle-sort'
  | 'toggle-all'
  | 'focus-next'
  | 'zoom'
  | 'start'
  | 'stop'
  | 'restart'
  | 'reload'
  | 'reset-failed'
  | 'enable'
  | 'disable'
  | 'mask'
  | 'unmask'
  | 'kill'
  | 'daemon-reload'
  | 'switch-manager'
  | 'help'
  | 'quit'
  | 'interrupt'
  | 'filter-accept'
  | 'filter-clear'
  | 'text-left'
  | 'text-right'
  | 'text-home'
  | 'text-end'
  | 'text-backspace'
  | 'text-delete'
  | 'text-kill-start'
  | 'text-kill-end'
  | 'text-kill-word'
  | 'dialog-accept'
  | 'dialog-cancel'
  | 'dialog-scroll-up'
  | 'dialog-scroll-down'
  | 'dialog-page-up'
  | 'dialog-page-down'
  | 'dialog-top'
  | 'dialog-bottom'
  | 'confirm-yes'
  | 'confirm-no'
  | 'help-close'
  | 'run-older'
  | 'run-newer'
  | 'edit'
  | 'edit-full'
  | 'revert'
  | 'cat'
  | 'properties'
  | 'journal-filter'
  | 'messages'
  | 'answer-letter'
  | 'handler-wizard'
  | `view-${View}`
  | 'fold'
  | 'mark'
  | 'clear-marks'
  | 'run-now'
  | 'open-journal'
  | 'journal-priority'
  | 'dependencies'
  | 'copy'
  | 'nothing-asked'
  | 'watch'
  | 'search'
  | 'search-accept'
  | 'search-cancel'
  | 'search-next'
  | 'search-previous';

export interface Binding {
  command: CommandId;
  /** Key names as produced by keyName(): "j", "down", "pagedown", "ctrl+c", "enter", "esc", "tab", "?" … */
  keys: string[];
  modes: Mode[];
  description: string;
  /** Short label for the footer; bindings without one appear only in the help screen. */
  footer?: string;
}

const UNIT_MODES: Mode[] = ['list', 'detail'];
const TEXT_MODES: Mode[] = ['filter', 'search', 'dialog-text'];
const DIALOG_MODES: Mode[] = ['dialog', 'dialog-text'];

export const BINDINGS: readonly Binding[] = [
  { command: 'move-down', keys: ['j', 'down'], modes: ['list'], description: 'Select the next unit', footer: 'move' },
  { command: 'move-up', keys: ['k', 'up'], modes: ['list'], description: 'Select the previous unit' },
  { command: 'move-down', keys: ['j', 'down'], modes: ['detail'], description: 'Scroll the detail pane down', footer: 'scroll' },
  { command: 'move-up', keys: ['k', 'up'], modes: ['detail'], description: 'Scroll the detail pane up' },
  { command: 'run-older', keys: [']'], modes: ['detail'], description: 'Select an older run in Runs (shows its journal)', footer: 'runs' },
  { command: 'run-newer', keys: ['['], modes: ['detail'], description: 'Select a newer run in Runs (back to none at the newest)' },
  { command: 'page-down', keys: ['pagedown', 'ctrl+f'], modes: UNIT_MODES, description: 'One page down' },
  { command: 'page-up', keys: ['pageup', 'ctrl+b'], modes: UNIT_MODES, description: 'One page up' },
  { command: 'first', keys: ['g', 'home'], modes: UNIT_MODES, description: 'Go to the first line' },
  { command: 'last', keys: ['G', 'end'], modes: UNIT_MODES, description: 'Go to the last line' },
  ...VIEWS.map((v): Binding => ({ command: `view-${v.id}`, keys: [v.key], modes: UNIT_MODES, description: v.on === 'fleet' ? `${v.help} (with several hosts)` : v.on === 'one' ? `${v.help} (one host)` : v.help })),
  { command: 'mark', keys: ['space'], modes: ['list'], description: 'Mark the selected unit (a fold: on each of its hosts), or unmark it: the action keys then act on every marked unit, asking once' },
  { command: 'clear-marks', keys: ['esc'], modes: ['list'], description: 'Clear the marks' },
  { command: 'fold', keys: ['z'], modes: UNIT_MODES, description: 'Expand a fold (a unit alike on several hosts) into a row per host, or fold it again' },
  { command: 'run-now', keys: ['!'], modes: UNIT_MODES, description: 'In the timers and sockets views: start the unit the selected one activates, now (asks first)' },
  { command: 'filter', keys: ['/'], modes: ['list'], description: 'Filter units by name or description', footer: 'filter' },
  // In the detail pane, / n N search it, as in less.
  { command: 'search', keys: ['/'], modes: ['detail'], description: 'Search the detail pane (its journal too), as in less', footer: 'search' },
  { command: 'search-next', keys: ['n'], modes: ['detail'], description: 'The next match of the search' },
  { command: 'search-previous', keys: ['N'], modes: ['detail'], description: 'The previous match of the search' },
  { command: 'cycle-type', keys: ['t'], modes: UNIT_MODES, description: 'Cycle the unit type shown (service, timer, socket, target, path, all)', footer: 'type' },
  { command: 'cycle-state', keys: ['F'], modes: UNIT_MODES, description: 'Cycle the states shown: all, failed only, active only, inactive only' },
  { command: 'cycle-sort', keys: ['S'], modes: UNIT_MODES, description: 'Cycle the order: failed first, by name, by SINCE (newest first), by LAST EXIT (unclean first)' },
  { command: 'toggle-all', keys: ['a'], modes: UNIT_MODES, description: 'Show or hide unit files that are not loaded' },
  { command: 'focus-next', keys: ['tab'], modes: UNIT_MODES, description: 'Move the focus between the list and the detail pane', footer: 'focus' },
  { command: 'zoom', keys: ['enter'], modes: UNIT_MODES, description: 'Show the detail pane full-screen, or back' },
  { command: 'start', keys: ['s'], modes: UNIT_MODES, description: 'Start the selected unit', footer: 'start' },
  { command: 'stop', keys: ['x'], modes: UNIT_MODES, description: 'Stop the selected unit (asks first)', footer: 'stop' },
  { command: 'restart', keys: ['r'], modes: UNIT_MODES, description: 'Restart the selected unit (asks first)', footer: 'restart' },
  { command: 'reload', keys: ['R'], modes: UNIT_MODES, description: 'Reload the selected unit' },
  { command: 'reset-failed', keys: ['f'], modes: UNIT_MODES, description: 'Reset the failed state of the selected unit' },
  { command: 'enable', keys: ['+'], modes: UNIT_MODES, description: 'Enable the selected unit file' },
  { command: 'disable', keys: ['-'], modes: UNIT_MODES, description: 'Disable the selected unit file (asks first)' },
  { command: 'mask', keys: ['m'], modes: UNIT_MODES, description: 'Mask the selected unit: it cannot be started at all (asks first)' },
  { command: 'unmask', keys: ['M'], modes: UNIT_MODES, description: 'Unmask the selected unit' },
  { command: 'kill', keys: ['K'], modes: UNIT_MODES, description: 'Send a signal to the unit\'s main process or all its processes (asks which, then confirms)' },
  { command: 'daemon-reload', keys: ['D'], modes: UNIT_MODES, description: 'Reload the manager (daemon-reload): unit files changed on disk take effect' },
  { command: 'edit', keys: ['e'], modes: UNIT_MODES, description: 'Edit a drop-in of the selected unit (validated before it is applied)', footer: 'edit' },
  { command: 'edit-full', keys: ['E'], modes: UNIT_MODES, description: 'Edit a full copy of the selected unit' },
  { command: 'revert', keys: ['v'], modes: UNIT_MODES, description: 'Revert the unit: remove its drop-ins and copies, unmask (asks first)' },
  { command: 'open-journal', keys: ['o'], modes: UNIT_MODES, description: "Open the unit's journal (or the selected run's) in journalctl's pager; back here when it ends" },
  { command: 'journal-priority', keys: ['p'], modes: UNIT_MODES, description: "The journal's priority in the pane and for o: all, warning and worse, errors and worse" },
  { command: 'messages', keys: ['L'], modes: UNIT_MODES, description: "This session's messages, whole and timed, in the detail pane (the newest last), or back" },
  { command: 'journal-filter', keys: ['J'], modes: UNIT_MODES, description: "Filter the pane's journal and o's as journalctl: -p, --since, --until, -b [N], -u more units" },
  { command: 'dependencies', keys: ['d'], modes: UNIT_MODES, description: 'Dependency tree in the detail pane: what it requires and wants, then what wants it, After=, Before=, back (like systemctl list-dependencies)' },
  { command: 'watch', keys: ['w'], modes: UNIT_MODES, description: 'Watch the selected unit, or stop: watched units stay first, and the terminal is told when one fails or hits its start limit' },
  // y and n answer questions: with none open they only say so (a late "n" never enables a unit).
  { command: 'nothing-asked', keys: ['y', 'n'], modes: ['list'], description: 'Nothing: y and n only answer a question (and say so when none is asked)' },
  { command: 'copy', keys: ['Y'], modes: UNIT_MODES, description: "Copy to the clipboard, over SSH too (OSC 52): the unit's name; in the detail pane, its top line or the search's match" },
  { command: 'cat', keys: ['c'], modes: UNIT_MODES, description: 'Show the effective unit file (systemctl cat) in the detail pane, or back' },
  { command: 'properties', keys: ['P'], modes: UNIT_MODES, description: 'Show every property (systemctl show) in the detail pane, or back; / searches them' },
  { command: 'handler-wizard', keys: ['h'], modes: UNIT_MODES, description: 'ExecStopPost handler wizard: list, attach (previewed and simulated), test, detach', footer: 'handlers' },
  { command: 'switch-manager', keys: ['u'], modes: UNIT_MODES, description: 'Switch between the system and the user manager' },
  { command: 'help', keys: ['?'], modes: UNIT_MODES, description: 'Show every key binding', footer: 'help' },
  { command: 'quit', keys: ['q'], modes: UNIT_MODES, description: 'Quit', footer: 'quit' },
  { command: 'interrupt', keys: ['ctrl+c'], modes: UNIT_MODES, description: 'Quit at once (exit status 130, as an interrupted program)' },
  { command: 'filter-accept', keys: ['enter'], modes: ['filter'], description: 'Keep the filter', footer: 'keep' },
  { command: 'filter-clear', keys: ['esc'], modes: ['filter'], description: 'Clear the filter', footer: 'clear' },
  { command: 'search-accept', keys: ['enter'], modes: ['search'], description: 'Go to the first match from here', footer: 'search' },
  { command: 'search-cancel', keys: ['esc'], modes: ['search'], description: 'Cancel the search', footer: 'cancel' },
  // One line of text (the filter, a dialog's answer): typed or pasted whole, edited as in a shell.
  { command: 'text-left', keys: ['left', 'ctrl+b'], modes: TEXT_MODES, description: 'Move the cursor left' },
  { command: 'text-right', keys: ['right', 'ctrl+f'], modes: TEXT_MODES, description: 'Move the cursor right' },
  { command: 'text-home', keys: ['home', 'ctrl+a'], modes: TEXT_MODES, description: 'Move the cursor to the start' },
  { command: 'text-end', keys: ['end', 'ctrl+e'], modes: TEXT_MODES, description: 'Move the cursor to the end' },
  { command: 'text-backspace', keys: ['backspace'], modes: TEXT_MODES, description: 'Delete the character before the cursor' },
  { command: 'text-delete', keys: ['delete', 'ctrl+d'], modes: TEXT_MODES, description: 'Delete the character under the cursor' },
  { command: 'text-kill-start', keys: ['ctrl+u'], modes: TEXT_MODES, description: 'Delete to the start of the line' },
  { command: 'text-kill-end', keys: ['ctrl+k'], modes: TEXT_MODES, description: 'Delete to the end of the line' },
  { command: 'text-kill-word', keys: ['ctrl+w'], modes: TEXT_MODES, description: 'Delete the word before the cursor' },
  { command: 'interrupt', keys: ['ctrl+c'], modes: ['filter', 'search', 'confirm', 'help', 'dialog', 'dialog-text'], description: 'Quit at once (exit status 130)' },
  { command: 'confirm-yes', keys: ['y'], modes: ['confirm'], description: 'Confirm', footer: 'yes' },
  { command: 'confirm-no', keys: ['n', 'esc'], modes: ['confirm'], description: 'Cancel', footer: 'no' },
  { command: 'help-close', keys: ['?', 'esc', 'q'], modes: ['help'], description: 'Close the help screen', footer: 'close' },
  { command: 'move-down', keys: ['j', 'down'], modes: ['help'], description: 'Scroll the help down', footer: 'scroll' },
  { command: 'move-up', keys: ['k', 'up'], modes: ['help'], description: 'Scroll the help up' },
  { command: 'page-down', keys: ['pagedown', 'ctrl+f', 'space'], modes: ['help'], description: 'One page down' },
  { command: 'page-up', keys: ['pageup', 'ctrl+b'], modes: ['help'], description: 'One page up' },
  { command: 'first', keys: ['g', 'home'], modes: ['help'], description: 'To the top' },
  { command: 'last', keys: ['G', 'end'], modes: ['help'], description: 'To the end' },
  // A dialog: a question answered by a letter ([y]es, [r]e-edit…) or a line of text.
  { command: 'answer-letter', keys: ['letter'], modes: ['dialog'], description: 'The answer starting with that letter', footer: 'answer' },
  { command: 'dialog-accept', keys: ['enter'], modes: DIALOG_MODES, description: 'The default answer (in capitals) or the typed text; close when done', footer: 'accept' },
  { command: 'dialog-cancel', keys: ['esc'], modes: DIALOG_MODES, description: 'Cancel: the flow stops at once and says what it changed (close when done)', footer: 'cancel' },
  { command: 'dialog-scroll-up', keys: ['up'], modes: DIALOG_MODES, description: 'Scroll the dialog up', footer: 'scroll' },
  { command: 'dialog-scroll-down', keys: ['down'], modes: DIALOG_MODES, description: 'Scroll the dialog down' },
  { command: 'dialog-page-up', keys: ['pageup'], modes: DIALOG_MODES, description: 'Scroll the dialog up a page' },
  { command: 'dialog-page-down', keys: ['pagedown'], modes: DIALOG_MODES, description: 'Scroll the dialog down a page' },
  { command: 'dialog-top', keys: ['home'], modes: ['dialog'], description: 'Scroll to the top of the dialog' },
  { command: 'dialog-bottom', keys: ['end'], modes: ['dialog'], description: 'Scroll to the end of the dialog (the question)' },
];

/** The subset of Ink's Key we read. */
export interface KeyEvent {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageDown?: boolean;
  pageUp?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

/** Names a key press the way the table does. */
export function keyName(input: string, key: KeyEvent): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageDown) return 'pagedown';
  if (key.pageUp) return 'pageup';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (input === ' ') return 'space';
  if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
  return input;
}

export function resolveCommand(mode: Mode, name: string, bindings: readonly Binding[] = BINDINGS): CommandId | undefined {
  return bindings.find((b) => b.modes.includes(mode) && b.keys.includes(name))?.command;
}

const KEY_LABELS: Record<string, string> = {
  letter: 'a-z', down: '↓', up: '↑', left: '←', right: '→', pagedown: 'PgDn', pageup: 'PgUp', enter: 'Enter', esc: 'Esc', tab: 'Tab', backspace: 'Backspace', delete: 'Del', home: 'Home', end: 'End', space: 'Space' };

export function keyLabel(name: string): string {
  if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
  return KEY_LABELS[name] ?? name;
}

export interface FooterEntry {
  keys: string;
  label: string;
  command: CommandId;
}

/**
 * Footer entries for a mode: "j move", "/ filter", … A dialog whose flow has ended asks nothing:
 * no letter answers then, and Enter and Esc only close it (`asking` false).
 */
export function footerEntries(mode: Mode, bindings: readonly Binding[] = BINDINGS, o: { asking?: boolean } = {}): FooterEntry[] {
  const ended = mode === 'dialog' && o.asking === false;
  return bindings
    .filter((b) => b.footer && b.modes.includes(mode) && !(ended && b.command === 'answer-letter'))
    .map((b) => ({ keys: keyLabel(b.keys[0]!), label: ended && (b.command === 'dialog-accept' || b.command === 'dialog-cancel') ? 'close' : b.footer!, command: b.command }));
}

/** The entries that fit a width (two spaces apart), dropping from the end but keeping help and quit. */
export function fitFooter(entries: FooterEntry[], width: number): FooterEntry[] {
  const size = (list: FooterEntry[]) => list.reduce((n, e, i) => n + (i ? 2 : 0) + e.keys.length + 1 + e.label.length, 0);
  const kept = [...entries];
  for (let i = kept.length - 1; i >= 0 && size(kept) > width; i--) {
    if (kept[i]!.command !== 'help' && kept[i]!.command !== 'quit') kept.splice(i, 1);
  }
  return kept;
}

export const MODE_TITLES: Record<Mode, string> = {
  list: 'Unit list',
  detail: 'Detail pane',
  filter: 'Filter input',
  search: 'Search input (detail pane)',
  confirm: 'Confirmation',
  help: 'Help screen',
  dialog: 'Dialog (edit, revert, handlers): a question with answers',
  'dialog-text': 'Dialog: a question answered with text',
};

/** Help sections: every binding of every mode, keys joined ("j / ↓"). */
export function helpSections(bindings: readonly Binding[] = BINDINGS): { title: string; rows: { keys: string; description: string }[] }[] {
  return (Object.keys(MODE_TITLES) as Mode[]).map((mode) => ({
    title: MODE_TITLES[mode],
    rows: bindings.filter((b) => b.modes.includes(mode)).map((b) => ({ keys: b.keys.map(keyLabel).join(' / '), description: b.description })),
  }));
}

/** Pairs of bindings that share a key in one mode (must be empty; a unit test checks it). */
export function keyConflicts(bindings: readonly Binding[] = BINDINGS): string[] {
  const seen = new Map<string, CommandId>();
  const conflicts: string[] = [];
  for (const b of bindings) {
    for (const mode of b.modes) {
      for (const key of b.keys) {
        const id = `${mode}:${key}`;
        const other = seen.get(id);
        if (other && other !== b.command) conflicts.push(`${id} is bound to ${other} and ${b.command}`);
        else if (other) conflicts.push(`${id} is bound twice to ${b.command}`);
        seen.set(id, b.command);
      }
    }
  }
  return conflicts;
}

/**
 * Keys typed faster than a frame (or sent together over SSH) arrive as one string. Splits such a
 * string into single key presses, recognising Enter, Tab, Backspace and Esc among them.
 */
export function splitKeys(input: string, key: KeyEvent): { input: string; key: KeyEvent }[] {
  const special = key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end;
  if (input.length <= 1 || special) return [{ input, key }];
  return [...input].map((ch) => {
    if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
    if (ch === '\t') return { input: '', key: { tab: true } };
    if (ch === '\x7f' || ch === '\b') return { input: '', key: { backspace: true } };
    if (ch === '\x1b') return { input: '', key: { escape: true } };
    return { input: ch, key: {} };
  });
}

/** The help screen's sections as Markdown (the README's Keys section is this, checked by a test). */
export function keysMarkdown(bindings: readonly Binding[] = BINDINGS): string {
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  return helpSections(bindings)
    .filter((s) => s.rows.length)
    .map((s) => [`**${s.title}**`, '', '| Keys | What |', '|---|---|', ...s.rows.map((r) => `| ${cell(r.keys.split(' / ').map((k) => `\`${k}\``).join(' '))} | ${cell(r.description)} |`)].join('\n'))
    .join('\n\n');
}
