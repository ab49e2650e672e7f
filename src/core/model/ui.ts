// The TUI's own state (selection, focus, filter, prompts) and what each command does to it.
// Pure: the App runs the returned effects (D-Bus actions, quitting).
import type { CommandId, Mode } from '../keymap.js';
import { actionTitle, CONFIRMED_ACTIONS, MANAGER_ACTIONS, whyNot, whyNotKill, type UnitAction } from './actions.js';
import type { UnitRow } from './unitRow.js';
import { nextSort, nextStateFilter, nextType, type RowFilter, type SortOrder, type StateFilter } from './units.js';
import { globToRegExp } from '../names.js';
import { acceptedAnswer, choiceFor, dialogAnswered, dialogSaid, dialogTyped, type DialogState } from './dialog.js';
import { editField, type TextEdit } from './textField.js';
import type { View } from './views.js';
import { VIEWS, viewApplies, viewSpec } from './viewRegistry.js';
import { foldHosts } from '../hostRange.js';
import { keyLabel, rowKey } from './fleetRows.js';
import type { DependencyKind } from './dependencies.js';
import { journalFilterText, type PaneJournalFilter } from './journalFilter.js';

export type StatusTone = 'ok' | 'error' | 'info';

export interface UiState {
  mode: Mode;
  focus: 'list' | 'detail';
  zoom: boolean;
  /** Selected unit by name, so that updates and reloads never move the selection. */
  selected?: string;
  /** Index to fall back to when the selected unit leaves the list. */
  selectedIndex: number;
  filter: RowFilter;
  confirm?: { action: UnitAction; unit: string; host?: string };
  status?: { text: string; tone: StatusTone };
  detailScroll: number;
  helpScroll: number;
  /** The run selected in the detail pane's Runs section (0 = newest), whose journal is shown. */
  runIndex?: number;
  /** What the detail pane shows: the status view or the effective unit file. */
  detailView: 'status' | 'cat' | 'properties' | 'messages' | DependencyKind;
  /** The filter input's cursor (in characters). */
  filterCursor: number;
  /** A flow's dialog (edit, revert, handlers), while one is open. */
  dialog?: DialogState;
  /** The unit list, or the timers or sockets view (the same keys act on the selected unit). */
  view: View;
  /** The detail pane's search: the text being typed (search mode), and the last one searched. */
  search: { text: string; cursor: number; last: string; at?: number };
  /** The journal's priority in the pane and for o (journalctl -p): undefined = all. */
  journalFilter?: PaneJournalFilter;
  /** With several hosts: units (by name) whose folds are shown as a row per host. */
  unfolded?: readonly string[];
  /** With several hosts: only this host's units (Enter on a host in the hosts view). */
  hostOnly?: string;
  /** Marked rows (space), by key ("unit", or "unit\thost"): the action keys act on all of them. */
  marked?: readonly string[];
}

export type JournalPriority = 'warning' | 'err';
const PRIORITY_CYCLE: (string | undefined)[] = [undefined, 'warning', 'err'];
const PRIORITY_WORDS: Record<JournalPriority, string> = { warning: 'warning and worse', err: 'errors and worse' };

/** Starts on services, or on every type when command-line patterns choose the units. */
export function initialUi(patterns: string[] = []): UiState {
  return {
    mode: 'list',
    focus: 'list',
    zoom: false,
    selectedIndex: 0,
    filter: { type: patterns.length ? 'all' : 'service', text: '', all: false, patterns: patterns.map(globToRegExp), state: 'all', sort: 'failed-first' },
    detailScroll: 0,
    helpScroll: 0,
    detailView: 'status',
    filterCursor: 0,
    view: 'units',
    search: { text: '', cursor: 0, last: '' },
  };
}

export type Effect =
  | { kind: 'action'; action: UnitAction; unit: string; host?: string }
  /** An action on every marked unit (asked once, listing each, in a dialog). */
  | { kind: 'batch'; action: UnitAction; targets: { host?: string; unit: string }[] }
  | { kind: 'quit'; status: number }
  | { kind: 'switch-manager' }
  /** Runs in the plain terminal while the UI is suspended (editor, questions). */
  | { kind: 'edit'; unit: string; full: boolean; host?: string }
  | { kind: 'revert'; unit: string; host?: string }
  | { kind: 'handlers'; unit: string; host?: string }
  | { kind: 'kill'; unit: string; host?: string }
  /** The watch list changed (to be kept): the units watched now. */
  | { kind: 'watch'; units: string[] }
  /** Text for the terminal's clipboard (OSC 52); the unit's name, when that is what it is. */
  | { kind: 'copy'; text: string; unit?: string }
  /** journalctl's pager on the terminal, for the unit or one of its runs. */
  | { kind: 'journal-pager'; unit: string; invocationId?: string; filter?: PaneJournalFilter; host?: string }
  /** The journal filter's question (J): journalctl's options, the current ones as its default. */
  | { kind: 'journal-filter'; current: string }
  /** The dialog's question is answered, or the flow is to stop (Esc). */
  | { kind: 'dialog-answer'; answer: string }
  | { kind: 'dialog-cancel' };

export interface CommandContext {
  rows: UnitRow[];
  /** Several hosts are shown (the fleet): views and folds of the fleet apply. */
  fleet?: boolean;
  /** Rows the list shows at once (for PgUp/PgDn). */
  pageSize: number;
  /** Rows a dialog shows at once (for its PgUp/PgDn); the list's page when not given. */
  dialogPage?: number;
  /** How far the open dialog can scroll up (its rows beyond the screen). */
  dialogMaxUp?: number;
  /** How far the help screen can scroll down, and its page. */
  helpMax?: number;
  helpPage?: number;
  /** Lines the detail pane has and shows (for scrolling). */
  detailLines: number;
  detailHeight: number;
  /** Runs known for the selected unit. */
  runCount?: number;
  /** The detail pane's lines as plain text (for its search). */
  detailTexts?: readonly string[];
  /** The invocation id of the run selected in the detail pane's Runs, if one is. */
  runInvocation?: string;
  /** What the selected unit activates (timers and sockets views). */
  activates?: readonly string[];
}

/**
 * The index of the selection in rows, following the name: -1 when the selected unit has no row
 * any more (then nothing is selected — a neighbour never takes its place, or the next key would
 * act on a unit nobody chose). Without a name yet (a new list or filter), the row at selectedIndex.
 */
export function selectedIndex(ui: UiState, rows: UnitRow[]): number {
  if (rows.length === 0) return -1;
  if (ui.selected) {
    const at = rows.findIndex((r) => rowKey(r) === ui.selected);
    if (at >= 0 || !ui.selected.includes('\t')) return at;
    // With several hosts, folds form and split as hosts change: the selection is the same unit on
    // the same host (a fold's first), wherever that is now — in a fold, or a row of its own.
    const [name, where] = ui.selected.split('\t') as [string, string];
    const host = where.startsWith('*') ? where.slice(1).split(',')[0] : where;
    return rows.findIndex((r) => r.name === name && (r.hosts ? r.hosts.includes(host!) : r.host === host));
  }
  return Math.min(Math.max(ui.selectedIndex, 0), rows.length - 1);
}

/** What an action key says when no unit is selected (and, if one was, that it is gone). */
function noSelection(ui: UiState): { text: string; tone: 'error' } {
  return {
    text: ui.selected ? `${keyLabel(ui.selected)} is no longer listed, so nothing is selected and nothing was done; j/k selects a unit` : 'No unit is selected',
    tone: 'error',
  };
}

/** Where moving starts from: the selection, or (none) the place the selected row was. */
function moveAnchor(ui: UiState, rows: UnitRow[], index: number, step: number): number {
  if (index >= 0) return index + step;
  const was = Math.min(Math.max(ui.selectedIndex, 0), rows.length - 1);
  // The rows below moved up into its place: down takes the one now there, up the one above.
  return step > 0 ? was : was + step;
}

/** Selects the row at an index (a click), as moving there with the keys would. */
export function selectRow(ui: UiState, rows: UnitRow[], index: number): UiState {
  return select(ui, rows, index);
}

function select(ui: UiState, rows: UnitRow[], index: number): UiState {
  if (rows.length === 0) return { ...ui, selected: undefined, selectedIndex: 0 };
  const i = Math.min(Math.max(index, 0), rows.length - 1);
  const name = rowKey(rows[i]!);
  const same = name === ui.selected;
  return { ...ui, selected: name, selectedIndex: i, detailScroll: same ? ui.detailScroll : 0, runIndex: same ? ui.runIndex : undefined, search: same ? ui.search : { ...ui.search, at: undefined } };
}

function scrollHelp(ui: UiState, ctx: CommandContext, to: number): UiState {
  return { ...ui, helpScroll: Math.min(Math.max(to, 0), ctx.helpMax ?? Number.MAX_SAFE_INTEGER) };
}

function scrollDetail(ui: UiState, ctx: CommandContext, to: number): UiState {
  const max = Math.max(0, ctx.detailLines - ctx.detailHeight);
  return { ...ui, detailScroll: Math.min(Math.max(to, 0), max) };
}

const ACTION_COMMANDS: Partial<Record<CommandId, UnitAction>> = {
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  reload: 'reload',
  'reset-failed': 'reset-failed',
  enable: 'enable',
  disable: 'disable',
  mask: 'mask',
  unmask: 'unmask',
  'daemon-reload': 'daemon-reload',
};

const TYPE_LABEL = (f: RowFilter) => (f.type === 'all' ? 'all types' : `${f.type}s`);

/** How the header and the status line name a state filter and an order. */
export const STATE_LABELS: Record<StateFilter, string> = { all: 'all states', failed: 'failed only', active: 'active only', inactive: 'inactive only' };
export const SORT_LABELS: Record<SortOrder, string> = { 'failed-first': 'failed first', name: 'by name', since: 'by SINCE, newest first', 'last-exit': 'by LAST EXIT, unclean first' };

/** Commands that act on the selected unit (refused on a fold of hosts, and on a host's row). */
const UNIT_ACTING = new Set<CommandId>(['start', 'stop', 'restart', 'reload', 'reset-failed', 'enable', 'disable', 'mask', 'unmask', 'kill', 'edit', 'edit-full', 'revert', 'handler-wizard', 'open-journal', 'run-now', 'daemon-reload', 'watch']);
/** Besides those, what the hosts view has no unit for. */
const PANE_OF_UNIT = new Set<CommandId>(['cat', 'properties', 'dependencies', 'copy']);

/**
 * What a key does. With several hosts, a unit key acts on the selected row's host and names it
 * (the effect and the question carry the host); a fold of hosts is never acted on as one unit.
 */
export function runCommand(ui: UiState, command: CommandId, ctx: CommandContext): { ui: UiState; effect?: Effect } {
  const row = ctx.rows[selectedIndex(ui, ctx.rows)];
  const refused = fleetRefusal(ui, command, row, ctx);
  if (refused) return { ui: { ...ui, status: { text: refused, tone: 'error' } } };
  const fleetDone = ctx.fleet ? runFleetCommand(ui, command, row) : undefined;
  if (fleetDone) return fleetDone;
  const done = runUnitCommand(ui, command, ctx);
  return row?.host === undefined || !viewSpec(ui.view).rowsAreUnits ? done : onHost(ui, done, row.host);
}

function fleetRefusal(ui: UiState, command: CommandId, row: UnitRow | undefined, ctx: CommandContext): string | undefined {
  if (command.startsWith('view-')) {
    const spec = viewSpec(command.slice(5) as View);
    if (!viewApplies(spec, Boolean(ctx.fleet))) return ctx.fleet ? `The ${spec.title} shows one host at a time: run svctui -H ${row?.host ?? 'HOST'} for it` : `The ${spec.title} is for several hosts (-H 'web[1-3]', --inventory)`;
  }
  if (!row) return undefined;
  if (!viewSpec(ui.view).rowsAreUnits && (UNIT_ACTING.has(command) || PANE_OF_UNIT.has(command))) return `The hosts view lists hosts: Enter shows ${row.name}'s units, 1 every host's`;
  if (UNIT_ACTING.has(command) && row.hosts && row.hosts.length > 1 && !(ui.marked?.length && ACTION_COMMANDS[command])) return `${row.name} is folded on ${foldHosts(row.hosts)} (the same on each): z expands it into a row per host, to act on one`;
  return undefined;
}

/** The fleet's own keys: folding, and Enter on a host. */
function runFleetCommand(ui: UiState, command: CommandId, row: UnitRow | undefined): { ui: UiState; effect?: Effect } | undefined {
  if (command === 'switch-manager') return { ui: { ...ui, status: { text: 'With several hosts svctui shows their system managers; for a user manager, svctui -H HOST --user', tone: 'error' } } };
  if (command === 'zoom' && !viewSpec(ui.view).rowsAreUnits && row) {
    return { ui: { ...ui, view: 'units', hostOnly: row.name, selected: undefined, selectedIndex: 0, detailScroll: 0, status: { text: `Showing ${row.name}'s units (1 shows every host's)`, tone: 'info' } } };
  }
  if (command === 'view-units' && ui.view === 'units' && ui.hostOnly) return { ui: { ...ui, hostOnly: undefined, selected: undefined, selectedIndex: 0, status: { text: "Showing every host's units", tone: 'info' } } };
  if (command !== 'fold') return undefined;
  if (!row || ui.view !== 'units') return { ui: { ...ui, status: { text: 'z expands a fold of the unit list (the same unit, the same state, on several hosts)', tone: 'info' } } };
  const unfolded = ui.unfolded ?? [];
  if (row.hosts && row.hosts.length > 1) {
    // The first host's row stays selected once the fold opens.
    return { ui: { ...ui, unfolded: [...unfolded, row.name], selected: rowKey({ name: row.name, host: row.hosts[0] }), status: { text: `${row.name}: a row per host (z folds it again)`, tone: 'info' } } };
  }
  if (unfolded.includes(row.name)) return { ui: { ...ui, unfolded: unfolded.filter((n) => n !== row.name), selected: undefined, status: { text: `${row.name}: hosts in the same state folded again`, tone: 'info' } } };
  return { ui: { ...ui, status: { text: `${row.name} on ${row.host} is not folded: no other host has it in the same state`, tone: 'info' } } };
}

/** The effect, or the question, names the selected row's host. */
function onHost(before: UiState, done: { ui: UiState; effect?: Effect }, host: string): { ui: UiState; effect?: Effect } {
  const ui = done.ui.confirm && done.ui.confirm !== before.confirm ? { ...done.ui, confirm: { ...done.ui.confirm, host } } : done.ui;
  const e = done.effect;
  const effect = e && 'unit' in e && e.kind !== 'copy' ? { ...e, host } : e;
  return { ui, effect };
}

/** The keys a row stands for: itself, or a fold's unit on each of its hosts. */
function keysOf(r: UnitRow): string[] {
  return r.hosts && r.hosts.length > 1 ? r.hosts.map((h) => rowKey({ name: r.name, host: h })) : [rowKey(r)];
}

/** (host, unit) of a mark's key. */
function markTarget(key: string): { host?: string; unit: string } {
  const [unit, host] = key.split('\t') as [string, string | undefined];
  return host === undefined ? { unit } : { host, unit };
}

/** space marks or unmarks the row (a fold: all its hosts); Esc clears the marks; an action key acts on them all. */
function runMarks(ui: UiState, command: CommandId, row: UnitRow | undefined): { ui: UiState; effect?: Effect } | undefined {
  const marked = ui.marked ?? [];
  if (command === 'mark') {
    if (!row) return { ui: { ...ui, status: noSelection(ui) } };
    const keys = keysOf(row);
    const all = keys.every((k) => marked.includes(k));
    const next = all ? marked.filter((k) => !keys.includes(k)) : [...marked, ...keys.filter((k) => !marked.includes(k))];
    return { ui: { ...ui, marked: next, status: { text: `${next.length} marked (space marks, Esc clears; s x r R f + - m M act on every marked unit)`, tone: 'info' } } };
  }
  if (command === 'clear-marks') return marked.length ? { ui: { ...ui, marked: [], status: { text: 'Marks cleared', tone: 'info' } } } : { ui };
  const action = ACTION_COMMANDS[command];
  if (!action || MANAGER_ACTIONS.has(action) || !marked.length) return undefined;
  return { ui, effect: { kind: 'batch', action, targets: marked.map(markTarget) } };
}

function runUnitCommand(ui: UiState, command: CommandId, ctx: CommandContext): { ui: UiState; effect?: Effect } {
  const index = selectedIndex(ui, ctx.rows);
  const marks = viewSpec(ui.view).rowsAreUnits ? runMarks(ui, command, ctx.rows[index]) : undefined;
  if (marks) return marks;
  const inDetail = ui.mode === 'detail';
  switch (command) {
    case 'quit':
      return { ui, effect: { kind: 'quit', status: 0 } };
    case 'nothing-asked':
      return { ui: { ...ui, status: { text: 'Nothing is asked now: y and n only answer a question (+ enables, - disables)', tone: 'info' } } };
    case 'interrupt':
      return { ui, effect: { kind: 'quit', status: 130 } };
    case 'move-down':
      if (ui.mode === 'help') return { ui: scrollHelp(ui, ctx, ui.helpScroll + 1) };
      return { ui: inDetail ? scrollDetail(ui, ctx, ui.detailScroll + 1) : select(ui, ctx.rows, moveAnchor(ui, ctx.rows, index, 1)) };
    case 'move-up':
      if (ui.mode === 'help') return { ui: scrollHelp(ui, ctx, ui.helpScroll - 1) };
      return { ui: inDetail ? scrollDetail(ui, ctx, ui.detailScroll - 1) : select(ui, ctx.rows, moveAnchor(ui, ctx.rows, index, -1)) };
    case 'page-down':
      if (ui.mode === 'help') return { ui: scrollHelp(ui, ctx, ui.helpScroll + Math.max(1, (ctx.helpPage ?? ctx.detailHeight) - 1)) };
      return { ui: inDetail ? scrollDetail(ui, ctx, ui.detailScroll + ctx.detailHeight) : select(ui, ctx.rows, moveAnchor(ui, ctx.rows, index, Math.max(1, ctx.pageSize))) };
    case 'page-up':
      if (ui.mode === 'help') return { ui: scrollHelp(ui, ctx, ui.helpScroll - Math.max(1, (ctx.helpPage ?? ctx.detailHeight) - 1)) };
      return { ui: inDetail ? scrollDetail(ui, ctx, ui.detailScroll - ctx.detailHeight) : select(ui, ctx.rows, moveAnchor(ui, ctx.rows, index, -Math.max(1, ctx.pageSize))) };
    case 'first':
      if (ui.mode === 'help') return { ui: scrollHelp(ui, ctx, 0) };
      return { ui: inDetail ? scrollDetail(ui, ctx, 0) : select(ui, ctx.rows, 0) };
    case 'last':
      if (ui.mode === 'help') return { ui: scrollHelp(ui, ctx, Number.MAX_SAFE_INTEGER) };
      return { ui: inDetail ? scrollDetail(ui, ctx, Number.MAX_SAFE_INTEGER) : select(ui, ctx.rows, ctx.rows.length - 1) };
    case 'filter':
      // Like / in less: a new filter each time.
      return { ui: { ...ui, mode: 'filter', filter: { ...ui.filter, text: '' }, filterCursor: 0 } };
    case 'filter-accept':
      return { ui: { ...ui, mode: ui.focus, status: ui.filter.text ? { text: `Filter: "${ui.filter.text}"`, tone: 'info' } : ui.status?.text.startsWith('Filter: "') ? undefined : ui.status } };
    case 'filter-clear':
      // The filter's own message goes with it (a message lasts until the next action).
      return { ui: { ...ui, mode: ui.focus, filter: { ...ui.filter, text: '' }, filterCursor: 0, status: ui.status?.text.startsWith('Filter: "') ? undefined : ui.status } };
    case 'text-left':
    case 'text-right':
    case 'text-home':
    case 'text-end':
    case 'text-backspace':
    case 'text-delete':
    case 'text-kill-start':
    case 'text-kill-end':
    case 'text-kill-word':
      return { ui: editText(ui, TEXT_EDITS[command]) };
    case 'dialog-accept': {
      const d = ui.dialog;
      if (!d) return { ui };
      if (d.done) return { ui: closeDialog(ui) };
      if (!d.question) return { ui };
      const answer = acceptedAnswer(d.question);
      return { ui: withDialog(ui, dialogAnswered(d, answer)), effect: { kind: 'dialog-answer', answer } };
    }
    case 'dialog-cancel': {
      const d = ui.dialog;
      if (!d) return { ui };
      if (d.done) return { ui: closeDialog(ui) };
      if (d.cancelling) return { ui };
      return { ui: withDialog(ui, { ...d, question: undefined, cancelling: true, lines: [...d.lines, 'Cancelling…'], scrollUp: 0 }), effect: { kind: 'dialog-cancel' } };
    }
    case 'dialog-scroll-up':
    case 'dialog-scroll-down':
    case 'dialog-page-up':
    case 'dialog-page-down':
    case 'dialog-top':
    case 'dialog-bottom': {
      const d = ui.dialog;
      if (!d) return { ui };
      const page = Math.max(1, (ctx.dialogPage ?? ctx.pageSize) - 1);
      const by = { 'dialog-scroll-up': 1, 'dialog-scroll-down': -1, 'dialog-page-up': page, 'dialog-page-down': -page, 'dialog-top': Number.MAX_SAFE_INTEGER, 'dialog-bottom': -Number.MAX_SAFE_INTEGER }[command];
      const max = ctx.dialogMaxUp ?? 100_000;
      return { ui: { ...ui, dialog: { ...d, scrollUp: Math.max(0, Math.min(Math.min(d.scrollUp, max) + by, max)) } } };
    }
    case 'cycle-type': {
      const filter = { ...ui.filter, type: nextType(ui.filter.type) };
      return { ui: { ...ui, filter, status: { text: `Showing ${TYPE_LABEL(filter)}`, tone: 'info' } } };
    }
    case 'cycle-state': {
      const state = nextStateFilter(ui.filter.state ?? 'all');
      return { ui: { ...ui, filter: { ...ui.filter, state }, status: { text: state === 'all' ? 'Showing units in every state' : `Showing ${state} units only`, tone: 'info' } } };
    }
    case 'cycle-sort': {
      const sort = nextSort(ui.filter.sort ?? 'name');
      return { ui: { ...ui, filter: { ...ui.filter, sort }, status: { text: `Sorted ${SORT_LABELS[sort]}`, tone: 'info' } } };
    }
    case 'toggle-all': {
      const all = !ui.filter.all;
      return {
        ui: {
          ...ui,
          filter: { ...ui.filter, all },
          status: { text: all ? 'Showing unit files that are not loaded too' : 'Showing loaded units only', tone: 'info' },
        },
      };
    }
    case 'focus-next': {
      const focus = ui.focus === 'list' ? 'detail' : 'list';
      return { ui: { ...ui, focus, mode: focus } };
    }
    case 'zoom': {
      const zoom = !ui.zoom;
      return { ui: { ...ui, zoom, focus: zoom ? 'detail' : 'list', mode: zoom ? 'detail' : 'list' } };
    }
    case 'help':
      return { ui: { ...ui, mode: 'help', helpScroll: 0 } };
    case 'help-close':
      return { ui: { ...ui, mode: ui.focus } };
    case 'switch-manager':
      return { ui, effect: { kind: 'switch-manager' } };
    case 'run-older': {
      const count = ctx.runCount ?? 0;
      if (count === 0) return { ui: { ...ui, status: { text: 'No runs are known for this unit', tone: 'info' } } };
      return { ui: { ...ui, runIndex: Math.min((ui.runIndex ?? -1) + 1, count - 1) } };
    }
    case 'edit':
    case 'edit-full':
    case 'revert': {
      const row = ctx.rows[index];
      if (!row) return { ui: { ...ui, status: noSelection(ui) } };
      if (command === 'revert') return { ui, effect: { kind: 'revert', unit: row.name } };
      if (row.load === 'masked') return { ui: { ...ui, status: { text: `${row.name} is masked; v reverts (unmasks) it`, tone: 'error' } } };
      return { ui, effect: { kind: 'edit', unit: row.name, full: command === 'edit-full' } };
    }
    case 'kill': {
      const row = ctx.rows[index];
      if (!row) return { ui: { ...ui, status: noSelection(ui) } };
      const reason = whyNotKill(row);
      if (reason) return { ui: { ...ui, status: { text: reason, tone: 'error' } } };
      return { ui, effect: { kind: 'kill', unit: row.name } };
    }
    case 'handler-wizard': {
      const row = ctx.rows[index];
      if (!row) return { ui: { ...ui, status: noSelection(ui) } };
      if (!row.name.endsWith('.service')) return { ui: { ...ui, status: { text: `${row.name} is not a service; ExecStopPost= handlers belong to services`, tone: 'error' } } };
      return { ui, effect: { kind: 'handlers', unit: row.name } };
    }
    case 'messages':
      return { ui: { ...ui, detailView: ui.detailView === 'messages' ? 'status' : 'messages', detailScroll: 0 } };
    case 'cat':
    case 'properties':
      return { ui: { ...ui, detailView: ui.detailView === command ? 'status' : command, detailScroll: 0 } };
    case 'dependencies': {
      // forward → reverse → after → before → the status again
      const order = ['status', 'forward', 'reverse', 'after', 'before'] as const;
      const at = order.indexOf(ui.detailView as (typeof order)[number]);
      return { ui: { ...ui, detailView: order[(at + 1) % order.length]!, detailScroll: 0 } };
    }
    case 'search':
      return { ui: { ...ui, mode: 'search', search: { ...ui.search, text: '', cursor: 0 } } };
    case 'search-cancel':
      return { ui: { ...ui, mode: ui.focus } };
    case 'search-accept': {
      const text = ui.search.text || ui.search.last;
      const next = { ...ui, mode: ui.focus, search: { ...ui.search, last: text, at: undefined } };
      return { ui: text ? findMatch(next, ctx, text, ui.detailScroll, 1) : next };
    }
    case 'search-next':
    case 'search-previous': {
      if (!ui.search.last) return { ui: { ...ui, status: { text: 'Nothing searched yet: / searches the detail pane', tone: 'info' } } };
      const forward = command === 'search-next';
      // From the match shown (the scroll stops short of it near the end), else from the top line.
      const at = ui.search.at ?? ui.detailScroll;
      return { ui: findMatch(ui, ctx, ui.search.last, at + (forward ? 1 : -1), forward ? 1 : -1) };
    }
    case 'watch': {
      const row = ctx.rows[index];
      if (!row) return { ui: { ...ui, status: noSelection(ui) } };
      const was = ui.filter.pinned ?? [];
      const on = !was.includes(row.name);
      const units = on ? [...was, row.name] : was.filter((n) => n !== row.name);
      const status = on ? `Watching ${row.name}: it stays first, and svctui tells the terminal when it fails` : `No longer watching ${row.name}`;
      return { ui: { ...ui, filter: { ...ui.filter, pinned: units }, status: { text: status, tone: 'ok' } }, effect: { kind: 'watch', units } };
    }
    case 'copy': {
      if (ui.mode === 'detail') {
        const line = ctx.detailTexts?.[ui.search.at ?? ui.detailScroll]?.trim();
        if (!line) return { ui: { ...ui, status: { text: 'Nothing to copy here', tone: 'info' } } };
        return { ui, effect: { kind: 'copy', text: line } };
      }
      const row = ctx.rows[index];
      if (!row) return { ui: { ...ui, status: noSelection(ui) } };
      return { ui, effect: { kind: 'copy', text: row.name, unit: row.name } };
    }
    case 'open-journal': {
      const row = ctx.rows[index];
      if (!row) return { ui: { ...ui, status: noSelection(ui) } };
      return { ui, effect: { kind: 'journal-pager', unit: row.name, ...(ui.runIndex !== undefined && ctx.runInvocation ? { invocationId: ctx.runInvocation } : {}), ...(ui.journalFilter ? { filter: ui.journalFilter } : {}) } };
    }
    case 'journal-priority': {
      // (A priority typed with J that is not in the cycle starts it again.)
      const next = PRIORITY_CYCLE[(PRIORITY_CYCLE.indexOf(ui.journalFilter?.priority) + 1) % PRIORITY_CYCLE.length];
      const journalFilter = { ...ui.journalFilter, priority: next };
      if (!next) delete journalFilter.priority;
      return { ui: { ...ui, journalFilter, status: { text: `Journal: ${next ? PRIORITY_WORDS[next as JournalPriority] : 'every priority'} (p changes it, J the whole filter; o opens journalctl with it)`, tone: 'info' } } };
    }
    case 'journal-filter': {
      if (!ctx.rows[index]) return { ui: { ...ui, status: noSelection(ui) } };
      return { ui, effect: { kind: 'journal-filter', current: journalFilterText(ui.journalFilter ?? {}) } };
    }
    case 'view-units':
    case 'view-timers':
    case 'view-sockets':
    case 'view-files':
    case 'view-hosts': {
      const view = command.slice(5) as View;
      if (view === ui.view) return { ui };
      const others = VIEWS.filter((v) => v.id !== 'units' && viewApplies(v, Boolean(ctx.fleet))).map((v) => `${v.key} ${v.id}`).join(', ');
      // A new list: its first row is selected (the App pins it by name).
      return { ui: { ...ui, view, selected: undefined, selectedIndex: 0, detailScroll: 0, runIndex: undefined, status: { text: view === 'units' ? `Showing the unit list (${others})` : viewSpec(view).shown, tone: 'info' } } };
    }
    case 'run-now': {
      const row = ctx.rows[index];
      if (ui.view === 'units') return { ui: { ...ui, status: { text: '! runs what a timer or socket activates: press 2 for the timers, 3 for the sockets', tone: 'error' } } };
      if (!row) return { ui: { ...ui, status: { text: `No ${ui.view === 'timers' ? 'timer' : 'socket'} is selected`, tone: 'error' } } };
      const target = ctx.activates?.[0];
      if (!target) return { ui: { ...ui, status: { text: `${row.name} activates no unit (or it is still being read)`, tone: 'error' } } };
      return { ui: { ...ui, mode: 'confirm', confirm: { action: 'start', unit: target } } };
    }
    case 'run-newer': {
      // Back past the newest run: no run selected, and the pane back at its top.
      const runIndex = ui.runIndex === undefined || ui.runIndex === 0 ? undefined : ui.runIndex - 1;
      return { ui: { ...ui, runIndex, detailScroll: runIndex === undefined ? 0 : ui.detailScroll } };
    }
    case 'confirm-yes': {
      if (!ui.confirm) return { ui: { ...ui, mode: ui.focus } };
      return { ui: { ...ui, mode: ui.focus, confirm: undefined }, effect: { kind: 'action', ...ui.confirm } };
    }
    case 'confirm-no':
      return { ui: { ...ui, mode: ui.focus, confirm: undefined, status: ui.confirm ? { text: `${confirmTitle(ui.confirm)}: cancelled`, tone: 'info' } : ui.status } };
  }
  const action = ACTION_COMMANDS[command];
  // The manager's own actions do not need a unit (the list may be empty).
  if (action && MANAGER_ACTIONS.has(action)) return { ui, effect: { kind: 'action', action, unit: ctx.rows[index]?.name ?? '' } };
  if (action) {
    const row = ctx.rows[index];
    if (!row) return { ui: { ...ui, status: noSelection(ui) } };
    const reason = whyNot(action, row);
    if (reason) return { ui: { ...ui, status: { text: reason, tone: 'error' } } };
    if (CONFIRMED_ACTIONS.has(action)) return { ui: { ...ui, mode: 'confirm', confirm: { action, unit: row.name } } };
    return { ui, effect: { kind: 'action', action, unit: row.name } };
  }
  return { ui };
}

/**
 * Scrolls the detail pane to the first line containing `text` (any case) from line `from` in the
 * direction given, wrapping around as less does, and says which match it is.
 */
function findMatch(ui: UiState, ctx: CommandContext, text: string, from: number, step: 1 | -1): UiState {
  const lines = ctx.detailTexts ?? [];
  const needle = text.toLowerCase();
  const hits = lines.flatMap((l, i) => (l.toLowerCase().includes(needle) ? [i] : []));
  if (!hits.length) return { ...ui, status: { text: `Not found in the detail pane: "${text}"`, tone: 'error' } };
  const n = lines.length;
  let line = -1;
  for (let k = 0; k < n && line < 0; k++) {
    const i = (((from + step * k) % n) + n) % n;
    if (hits.includes(i)) line = i;
  }
  const wrapped = step === 1 ? line < from : line > from;
  const max = Math.max(0, ctx.detailLines - ctx.detailHeight);
  return { ...ui, detailScroll: Math.min(line, max), search: { ...ui.search, at: line }, status: { text: `"${text}": match ${hits.indexOf(line) + 1} of ${hits.length}, line ${line + 1}${wrapped ? ' (wrapped)' : ''}`, tone: 'info' } };
}

const TEXT_EDITS: Record<'text-left' | 'text-right' | 'text-home' | 'text-end' | 'text-backspace' | 'text-delete' | 'text-kill-start' | 'text-kill-end' | 'text-kill-word', TextEdit> = {
  'text-left': { kind: 'left' },
  'text-right': { kind: 'right' },
  'text-home': { kind: 'home' },
  'text-end': { kind: 'end' },
  'text-backspace': { kind: 'backspace' },
  'text-delete': { kind: 'delete' },
  'text-kill-start': { kind: 'kill-to-start' },
  'text-kill-end': { kind: 'kill-to-end' },
  'text-kill-word': { kind: 'kill-word' },
};

/** The mode a dialog puts the keys in: its question's kind. */
export function dialogMode(d: DialogState): 'dialog' | 'dialog-text' {
  return d.question?.kind === 'text' ? 'dialog-text' : 'dialog';
}

/** The dialog changed: the mode follows its question. */
export function withDialog(ui: UiState, d: DialogState | undefined): UiState {
  if (!d) return closeDialog(ui);
  return { ...ui, dialog: d, mode: dialogMode(d) };
}

function closeDialog(ui: UiState): UiState {
  return { ...ui, dialog: undefined, mode: ui.focus };
}

/** An edit of the text being typed: the filter's, or the dialog's answer. */
function editText(ui: UiState, edit: TextEdit): UiState {
  if (ui.mode === 'filter') {
    const f = editField({ value: ui.filter.text, cursor: ui.filterCursor }, edit);
    // A new filter text: its first row is selected (shown, and pinned by name), not a hidden unit.
    const same = f.value === ui.filter.text;
    return { ...ui, filter: { ...ui.filter, text: f.value }, filterCursor: f.cursor, selectedIndex: same ? ui.selectedIndex : 0, selected: same ? ui.selected : undefined };
  }
  if (ui.mode === 'dialog-text' && ui.dialog) return { ...ui, dialog: dialogTyped(ui.dialog, edit) };
  if (ui.mode === 'search') {
    const f = editField({ value: ui.search.text, cursor: ui.search.cursor }, edit);
    return { ...ui, search: { ...ui.search, text: f.value, cursor: f.cursor } };
  }
  return ui;
}

/**
 * Text that is not a key binding: typed (or sent together over SSH), or pasted. It goes into the
 * filter or the dialog's text answer whole; in a dialog's choice question, a typed letter picks
 * the answer starting with it (a paste answers nothing).
 */
/** Said when a paste of several lines reaches a one-line answer (joined, it would mean something else). */
export const MULTILINE_PASTE_REFUSED =
  'Not taken: the paste has several lines, and this answer is one line (joined, they would become one command with another meaning). Join them with ; or && yourself, or choose the [c]ustom template for a script of several lines.';

export function typeText(ui: UiState, text: string, o: { paste?: boolean } = {}): { ui: UiState; effect?: Effect } {
  // (A line's own trailing newline, copied with it, is no second line.)
  if (ui.mode === 'dialog-text' && ui.dialog && /[\r\n]/.test(text.replace(/[\r\n]+$/, ''))) return { ui: withDialog(ui, dialogSaid(ui.dialog, MULTILINE_PASTE_REFUSED)) };
  if (ui.mode === 'filter' || ui.mode === 'search' || ui.mode === 'dialog-text') return { ui: editText(ui, { kind: 'insert', text }) };
  if (ui.mode === 'dialog' && ui.dialog?.question && !o.paste) {
    const answer = choiceFor(ui.dialog.question, text.slice(0, 1));
    if (answer) return { ui: withDialog(ui, dialogAnswered(ui.dialog, answer)), effect: { kind: 'dialog-answer', answer } };
  }
  return { ui };
}

/** Typed text while the filter input is open (live filtering). */
export function typeIntoFilter(ui: UiState, text: string): UiState {
  return typeText(ui, text).ui;
}

/** The action in words, and the host it is on: "Restart nginx.service on web3". */
export function confirmTitle(c: NonNullable<UiState['confirm']>): string {
  return `${actionTitle(c.action, c.unit)}${c.host ? ` on ${c.host}` : ''}`;
}

/** The question shown while an action waits for confirmation. */
export function confirmPrompt(ui: UiState): string | undefined {
  if (!ui.confirm) return undefined;
  return `${confirmTitle(ui.confirm)}? (y = yes, n/Esc = no)`;
}
