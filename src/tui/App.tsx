// The screen: header, unit list, detail pane, status line, footer. Keys go through the keymap;
// what a command does is decided by the pure model (core/model/ui.ts); what an effect does, by its entry in effectHandlers.ts.
import { Box, useApp, useInput, usePaste, useWindowSize } from 'ink';
import type { EventEmitter } from 'node:events';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { fitFooter, footerEntries, keyName, resolveCommand, splitKeys, type CommandId } from '../core/keymap.js';
import { applyMouse, footerSpans, mouseTarget, parseMouse, type MouseEvent } from '../core/model/mouse.js';
import { layoutColumns } from '../core/model/columns.js';
import { initialUi, runCommand, selectedIndex, typeText, type Effect, type UiState } from '../core/model/ui.js';
import { countStates, visibleRows } from '../core/model/units.js';
import type { JournalSource } from '../app/journal.js';
import type { LiveUnits } from '../app/live.js';
import { DetailPane, RUNS_SHOWN, runsSection, statusLines } from './DetailPane.js';
import { unitRuns } from '../app/unitRuns.js';
import { useRunJournal } from './useRunJournal.js';
import { Footer } from './Footer.js';
import { Header, Separator } from './Header.js';
import { HelpScreen, helpLines } from './HelpScreen.js';
import { StatusBar, statusBarRows } from './StatusBar.js';
import { useBindings, useTheme } from './ThemeContext.js';
import { UnitList, windowStart } from './UnitList.js';
import { useUnitStatus } from './useUnitStatus.js';
import { UnitDetail } from '../app/unitDetail.js';
import { renderNow, useTicking, useTimedText } from './useNow.js';
import { useViewFacts } from './useViewFacts.js';
import { ViewList } from './ViewList.js';
import { filesTable, socketsTable, timersTable, type ViewTable } from '../core/model/views.js';
import { useWatchAlerts } from './useWatchAlerts.js';
import type { WatchList } from '../host/local/state/watchList.js';
import { terminalAuthAgent } from '../host/local/authAgent.js';
import { withInputHeld } from './terminalInput.js';
import { withoutMouse } from './mouse.js';
import type { Authorization } from '../app/manager.js';
import { catLines, propertyLines, useUnitCat, useUnitProperties } from './useUnitCat.js';
import { messageLogLines, useMessageLog } from './useMessageLog.js';
import { dependencyPaneLines, useDependencies } from './useDependencies.js';
import { runEffectWith, type EffectTarget } from './effectHandlers.js';
import { DialogView, dialogMaxUp } from './DialogView.js';
import { dialogBridge } from './dialogPrompter.js';
import { useBenchMarks } from './benchMarks.js';
import { benchMark, benchTracing } from '../host/benchMark.js';
import { fleetCounts, fleetHeader, fleetListRows, hostSummaries, type FleetLive } from '../app/fleetLive.js';
import { rowKey, rowLabel } from '../core/model/fleetRows.js';
import { hostDetailLines, hostsTable } from '../core/model/hostsView.js';
import { viewSpec } from '../core/model/viewRegistry.js';

const BENCH = Boolean(process.env.SVCTUI_BENCH_MARK);
import { editTextInEditor, runEditor } from '../host/local/editor.js';
import { highlight, type StyledLine } from '../core/model/styled.js';
import { formatRelative, relativeRedrawAt } from '../core/format.js';

export interface AppProps {
  live: LiveUnits;
  journal: JournalSource;
  managerLabel: string;
  host: string;
  patterns?: string[];
  /** Which manager this is, for svctui's stores (pending edits). */
  managerKey?: string;
  /** Asked to switch between the system and the user manager; resolves with what to say. */
  onSwitchManager: () => Promise<{ ok: boolean; text: string }>;
  initialStatus?: UiState['status'];
  /** Ask for a password when polkit wants one (polkit's text agent on this terminal); default yes. */
  askPassword?: boolean;
  /** Attempts so far to reconnect (the bus went away). */
  reconnecting?: number;
  /** Why the last attempt to reconnect failed, in words. */
  reconnectWhy?: string;
  /** Mouse reports are on (config.toml's mouse): clicks and the wheel act. */
  mouseOn?: boolean;
  /** Where the mouse's reports come from ('report' events: "\e[<0;10;5M"). */
  mouseEvents?: EventEmitter;
  /** The watch list's store (the state folder); none: the list lasts as long as svctui. */
  watchList?: WatchList;
  /**
   * Several hosts (-H ranges, --inventory): one list across them, and the selected row's host is
   * what the detail pane reads and keys act on (`live` and `journal` are then a live host's, for
   * what is about no host in particular).
   */
  fleet?: FleetLive;
  /** Rolling actions wait this long between hosts (config.toml's [fleet] pause). */
  rollingPauseMs?: number;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';

/** The pane's title after the unit's name, for its views besides the status. */
const PANE_TITLES: Partial<Record<UiState['detailView'], string>> = { cat: ' (unit file: c for status)', properties: ' (properties: P for status)' };

/** The list's filter, keeping the selected unit's row when systemd unloads it (see RowFilter.keep). */
const listFilter = (u: Pick<UiState, 'filter' | 'selected'>) => (u.selected ? { ...u.filter, keep: [u.selected] } : u.filter);

/** Rows for each part of the screen at this terminal size. */
export function screenLayout(rows: number, zoom: boolean) {
  const body = Math.max(1, rows - 3);
  if (zoom) return { list: 0, detail: body - 1, separator: true };
  if (rows < 16) return { list: body, detail: 0, separator: false };
  const list = Math.max(4, Math.floor(body * 0.45));
  return { list, detail: body - list - 1, separator: true };
}

export function App({ live: anyLive, journal: anyJournal, fleet, rollingPauseMs = 0, managerLabel, host, patterns, onSwitchManager, initialStatus, managerKey = 'tui', askPassword = true, reconnecting, reconnectWhy, mouseOn = false, mouseEvents, watchList }: AppProps) {
  const { exit, suspendTerminal } = useApp();
  const { columns: width, rows: height } = useWindowSize();
  const { unicode } = useTheme();
  const bindings = useBindings();
  const [ui, setUi] = useState<UiState>(() => {
    const first = initialUi(patterns);
    return { ...first, filter: { ...first.filter, pinned: watchList?.get(managerKey) ?? [] }, status: initialStatus };
  });
  // Every change goes through here: keys arrive faster than frames (a paste, typing over SSH), so
  // each one must see the state the one before left, not the last rendered one.
  const uiRef = useRef(ui);
  const dispatch = useCallback((change: (u: UiState) => UiState) => {
    uiRef.current = change(uiRef.current);
    setUi(uiRef.current);
  }, []);
  const [busy, setBusy] = useState<string | undefined>();
  const [keyCount, setKeyCount] = useState(0);
  useSyncExternalStore(fleet?.subscribe ?? anyLive.subscribe, fleet?.getSnapshot ?? anyLive.getSnapshot);
  const version = fleet ? fleet.getSnapshot() : anyLive.state.version;

  // The timers and sockets views: their own facts and columns; their rows are units all the same.
  // (One host's: with several, the hosts view instead.)
  const viewFacts = useViewFacts(anyLive, fleet ? 'units' : ui.view);
  const viewNow = useTicking(ui.view === 'timers' || ui.view === 'hosts');
  const tableFor = (u: Pick<UiState, 'view' | 'filter'>): ViewTable | undefined =>
    u.view === 'hosts' && fleet
      ? hostsTable(hostSummaries(fleet), viewNow)
      : u.view === 'timers'
        ? timersTable(anyLive.state, u.filter, viewFacts, viewNow, width)
        : u.view === 'sockets'
          ? socketsTable(anyLive.state, u.filter, viewFacts, width)
          : u.view === 'files'
            ? filesTable(anyLive.state, u.filter, anyLive.unitFiles, viewFacts?.presets, width)
            : undefined;
  const unitRowsFor = (u: UiState) => {
    if (!fleet) return visibleRows(anyLive.state, listFilter(u));
    const t0 = performance.now();
    const out = fleetListRows(fleet, u.filter, { unfolded: u.unfolded, hostOnly: u.hostOnly, selected: u.selected });
    if (benchTracing) benchMark('fleet-rows', `${out.length} ${(performance.now() - t0).toFixed(1)}`);
    return out;
  };
  if (benchTracing) benchMark('app-render', String(version));
  const viewTable = useMemo(() => tableFor(ui), [ui.view, anyLive.state, version, ui.filter, viewFacts, viewNow, width]);
  // (With several hosts, moving the selection does not rebuild the list — ten thousand rows a key —
  // the selection is kept in the next rebuild, at the next change.)
  const unitRows = useMemo(() => (viewTable ? undefined : unitRowsFor(fleet ? uiRef.current : ui)), [anyLive.state, version, ui.filter, fleet ? undefined : ui.selected, ui.unfolded, ui.hostOnly, viewTable]);
  const rows = viewTable?.rows ?? unitRows ?? [];
  const counts = useMemo(() => (fleet ? fleetCounts(fleet, ui.filter.type) : countStates(anyLive.state, ui.filter.type)), [anyLive.state, version, ui.filter.type]);
  const index = selectedIndex(ui, rows);
  const selectedRow = index >= 0 ? rows[index] : undefined;
  // With several hosts, the selected row's host is the one the pane reads and keys act on.
  const selectedSlot = fleet && selectedRow?.host !== undefined ? fleet.slot(selectedRow.host) : undefined;
  const live = selectedSlot?.live ?? anyLive;
  const journal = selectedSlot?.journal ?? anyJournal;
  // Column widths do not depend on the clock (SINCE has a fixed width), so ticking ages re-render the list only.
  const columns = useMemo(() => layoutColumns(width - 1, rows), [width, rows]);
  // A long message takes up to three rows (wrapped at spaces) from the list and the pane.
  // While reconnecting, why the last try failed stays said (unless something else is under way).
  const statusRows = statusBarRows(ui, busy ?? (reconnecting && reconnectWhy && !ui.status ? `Reconnecting (try ${reconnecting}): ${reconnectWhy}` : undefined), width);
  const layout = screenLayout(height - (statusRows.length - 1), ui.zoom);

  // The selection is a unit, not a row number: the row shown selected is pinned by name (a new
  // list, a new filter text), so that a list that changes (a unit collected, unloaded units shown
  // with a) never moves it to another unit under the user's next key.
  const selectedKey = selectedRow ? rowKey(selectedRow) : undefined;
  useEffect(() => {
    if (!uiRef.current.selected && selectedKey) dispatch((u) => (u.selected ? u : { ...u, selected: selectedKey, selectedIndex: index }));
  }, [selectedKey, ui.selected]);

  // Runtime facts (exit, result, since) are read for the rows on screen only.
  const listBody = Math.max(0, layout.list - 1);
  const first = windowStart(index, rows.length, listBody);
  // (In the timers and sockets views, the units they activate too: their last exit is a column.)
  const activatedShown = viewTable ? viewTable.activates.slice(first, first + listBody).flat() : [];
  const shownRows = [...rows.slice(first, first + listBody), ...(selectedRow ? [selectedRow] : [])];
  const shown = fleet
    ? [...new Set(shownRows.flatMap((r) => (r.hosts ?? [r.host]).map((h) => `${h}\t${r.name}`)))].join('\n')
    : [...new Set([...shownRows.map((r) => r.name), ...activatedShown])].join('\n');
  useEffect(() => {
    if (!fleet) return anyLive.wantFacts(shown ? shown.split('\n') : []);
    // Each host reads the facts of its own rows on screen (a fold's, on each of its hosts).
    const per = new Map<string, string[]>();
    for (const line of shown ? shown.split('\n') : []) {
      const [host, name] = line.split('\t') as [string, string];
      per.set(host, [...(per.get(host) ?? []), name]);
    }
    for (const s of fleet.slots) s.live?.wantFacts(per.get(s.host.name) ?? []);
  }, [anyLive, fleet, shown, version]);

  // The detail pane re-reads when the unit's state changes, not when systemd merely loads or
  // collects it (reading a collected unit loads it again).
  const unitVersion = selectedRow ? (live.state.statusVersions.get(selectedRow.name) ?? 0) : 0;
  const detail = useMemo(() => new UnitDetail(live.systemd, journal), [live, journal]);
  const status = useUnitStatus(detail, selectedRow?.name, unitVersion, layout.detail > 0, ui.journalFilter);
  const runsInfo = useMemo(
    () => (live.history && status.status && selectedRow ? unitRuns(live.history, selectedRow.name, status.status.props) : undefined),
    // the history changes with the unit (live exits) and when the journal arrives (version)
    [live.history, status, selectedRow?.name, unitVersion],
  );
  const selectedRun = ui.runIndex === undefined ? undefined : runsInfo?.runs[Math.min(ui.runIndex, RUNS_SHOWN - 1)];
  const runJournal = useRunJournal(detail, selectedRun?.invocationId);
  const cat = useUnitCat(detail, ui.detailView === 'cat' ? selectedRow?.name : undefined, unitVersion);
  const properties = useUnitProperties(detail, ui.detailView === 'properties' && layout.detail > 0 ? selectedRow?.name : undefined, unitVersion);
  const depKind = ui.detailView === 'status' || ui.detailView === 'cat' || ui.detailView === 'properties' || ui.detailView === 'messages' ? undefined : ui.detailView;
  const deps = useDependencies(live, depKind && layout.detail > 0 ? selectedRow?.name : undefined, depKind, unicode, unitVersion);
  // The detail pane's "since …; 3s ago": the pane is drawn again when that text changes (every
  // second while it shows seconds, at the minute after), not at every tick of the list's ages.
  const statusSince = typeof status.status?.props.StateChangeTimestamp === 'bigint' ? status.status.props.StateChangeTimestamp : 0n;
  const paneAge = useTimedText(layout.detail > 0 && statusSince > 0n ? (nowUs) => ({ text: formatRelative(statusSince, nowUs), nextUs: relativeRedrawAt(statusSince, nowUs) }) : undefined);
  // The status read says whether the unit's file changed on disk: the row shows it too.
  useEffect(() => {
    if (status.unit && status.status) live.noteStatusRead(status.unit, status.status.props);
  }, [live, status]);

  // Every message of the session, whole and timed (L shows them): a message on the status line is
  // replaced by the next, and may have been longer than its rows.
  const messages = useMessageLog(ui.status);
  const detailLines = useMemo(() => {
    if (fleet && ui.view === 'hosts') return hostDetailLines(hostSummaries(fleet).find((h) => h.name === selectedRow?.name));
    // The pane's views besides the status, one entry each.
    const panes: Partial<Record<UiState['detailView'], () => StyledLine[]>> = {
      cat: () => catLines(selectedRow?.name, cat),
      properties: () => propertyLines(selectedRow?.name, properties),
      messages: () => messageLogLines(messages, width - 1),
    };
    const pane = panes[ui.detailView];
    if (pane) return pane();
    if (depKind) return dependencyPaneLines(selectedRow?.name, depKind, deps);
    return [...statusLines(status, unicode, renderNow(), live.systemd.scope), ...runsSection(runsInfo, ui.runIndex, runJournal, live.history?.problems)];
  }, [ui.detailView, ui.view, version, cat, properties, messages, width, deps, depKind, selectedRow?.name, status, unicode, runsInfo, ui.runIndex, runJournal, paneAge]);

  // The last search's matches stand out in the pane (n and N go from one to the next).
  const shownDetail = useMemo(() => (ui.search.last ? detailLines.map((l) => highlight(l, ui.search.last)) : detailLines), [detailLines, ui.search.last]);

  // The whole terminal for a child process (the editor, polkit's agent): Ink's screen is put away
  // and this process stops reading the keyboard until `fn` is done.
  const handTerminal = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T> => {
      const box: { value?: T; error?: unknown; failed: boolean } = { failed: true, error: new Error('the terminal was not handed over') };
      await suspendTerminal(async () => {
        // The child gets a screen of its own (Ink left the alternate screen for it): a pager that
        // keeps its last page on the screen (journalctl's less -X) leaves it there, not on the
        // screen the user had before svctui, which q brings back.
        process.stdout.write(`${ENTER_ALT_SCREEN}\x1b[H\x1b[2J`);
        try {
          box.value = await withoutMouse(() => withInputHeld(process.stdin, fn));
          box.failed = false;
        } catch (error) {
          box.error = error;
        } finally {
          process.stdout.write(LEAVE_ALT_SCREEN);
        }
      });
      if (box.failed) throw box.error;
      return box.value as T;
    },
    [suspendTerminal],
  );

  // polkit: what actions will need (the header says), and who asks for a password when one is
  // needed — its text agent, with the terminal handed over as for the editor.
  const [authorization, setAuthorization] = useState<Authorization | undefined>();
  const authorizationRef = useRef<Authorization | undefined>(undefined);
  authorizationRef.current = authorization;
  const keysHeldForPolkit = useRef(false);
  useEffect(() => {
    let gone = false;
    void live.systemd.authorization().then((a) => !gone && setAuthorization(a));
    // polkit's text agent speaks for this process: it cannot answer for a bus on another machine.
    live.systemd.setAuthAgent(askPassword && live.systemd.host.kind === 'local' ? terminalAuthAgent(handTerminal) : undefined);
    return () => {
      gone = true;
    };
  }, [live, askPassword, handTerminal]);

  // Selecting a run brings its journal into view (it is below the status view and the Runs table).
  const journalLine = ui.runIndex === undefined ? -1 : detailLines.findIndex((l) => l[0]?.text.startsWith('Journal of run'));
  useEffect(() => {
    if (journalLine < 0) return;
    dispatch((u) => ({ ...u, detailScroll: Math.max(0, Math.min(journalLine - 4, detailLines.length - layout.detail)) }));
  }, [journalLine, ui.runIndex, runJournal.lines, layout.detail]);

  // The flows' dialog: its state is the UI's, its answers come back as the reducer's effects. A
  // custom snippet is edited in the user's editor, with the terminal handed over.
  // One bridge for the App's life: a flow keeps the one it began with, so answers must reach it.
  const handTerminalRef = useRef(handTerminal);
  handTerminalRef.current = handTerminal;
  const [bridge] = useState(() => dialogBridge(dispatch, (initial) => editTextInEditor(initial, (editor, file) => handTerminalRef.current(() => runEditor(editor, file)))));

  // Where an effect acts: its host's manager, journal and stores (with several hosts), else this one's.
  const targetOf = (effect: Effect): EffectTarget | string => {
    const host = 'host' in effect ? effect.host : undefined;
    if (!fleet || host === undefined) return { live, journal, key: managerKey, on: '' };
    const slot = fleet.slot(host);
    if (!slot?.live || !slot.journal || slot.phase !== 'live') return `${host} is ${slot?.phase ?? 'not in the fleet'}${slot?.why ? ` (${slot.why})` : ''}: nothing was done`;
    return { live: slot.live, journal: slot.journal, key: slot.managerKey ?? managerKey, on: ` on ${host}` };
  };

  // What each effect does is its entry in EFFECT_HANDLERS (effectHandlers.ts).
  const runEffect = (effect: Effect) => {
    const target = targetOf(effect);
    if (typeof target === 'string') {
      if (effect.kind !== 'dialog-answer' && effect.kind !== 'dialog-cancel') dispatch((u) => ({ ...u, status: { text: target, tone: 'error' } }));
      return;
    }
    runEffectWith(effect, {
      target,
      dispatch,
      bridge,
      exit,
      setBusy,
      handTerminal,
      onSwitchManager,
      live,
      fleet,
      rollingPauseMs,
      watchList,
      managerKey,
      // When actions ask for a password, polkit's question comes next: keys typed until it is
      // answered (a password typed early) are for it, never commands for the list.
      holdKeysForPolkit: () => {
        if (authorizationRef.current === 'password' && askPassword) keysHeldForPolkit.current = true;
      },
      releaseKeys: () => {
        keysHeldForPolkit.current = false;
      },
    });
  };

  const handleKey = (input: string, key: Parameters<typeof keyName>[1]) => {
    const current = uiRef.current;
    const command = resolveCommand(current.mode, keyName(input, key), bindings);
    if (!command) {
      // Text, not a key binding: into the filter or the dialog's answer, or a choice's letter.
      if (input && !key.ctrl && !key.meta) {
        const { ui: next, effect } = typeText(current, input);
        dispatch(() => next);
        if (effect) runEffect(effect);
      }
      return;
    }
    runNamed(current, command);
  };

  // Laying the help out is a table of every binding: counted when the help is open (not for the
  // first frame, nor at every key), once per width.
  const helpCount = useRef<{ bindings: typeof bindings; width: number; lines: number }>(undefined);
  const helpLineCount = () => {
    const c = helpCount.current;
    if (c && c.bindings === bindings && c.width === width) return c.lines;
    helpCount.current = { bindings, width, lines: helpLines(bindings, width).length };
    return helpCount.current.lines;
  };
  /** Runs one of the keymap's commands on the state as of now (a key, or a mouse click). */
  const runNamed = (current: UiState, command: CommandId) => {
    const { ui: next, effect } = runCommand(current, command, {
      // From the state as of this key: several keys can arrive before the next render.
      rows: current.filter === ui.filter && current.view === ui.view && current.unfolded === ui.unfolded && current.hostOnly === ui.hostOnly ? rows : (tableFor(current)?.rows ?? unitRowsFor(current)),
      fleet: Boolean(fleet),
      pageSize: Math.max(1, layout.list - 1),
      dialogPage: Math.max(1, height - 5),
      dialogMaxUp: current.dialog ? dialogMaxUp(current.dialog, height - 3, width) : 0,
      detailLines: detailLines.length,
      detailHeight: layout.detail,
      helpPage: height - 3,
      helpMax: current.mode === 'help' ? Math.max(0, helpLineCount() - (height - 3)) : undefined,
      runCount: Math.min(runsInfo?.runs.length ?? 0, RUNS_SHOWN),
      activates: viewTable && current.view === ui.view ? viewTable.activates[index] : undefined,
      runInvocation: selectedRun?.invocationId,
      detailTexts: current.mode === 'search' || command === 'search-next' || command === 'search-previous' || command === 'copy' ? detailLines.map((l) => l.map((seg) => seg.text).join('')) : undefined,
    });
    dispatch(() => next);
    if (effect) runEffect(effect);
  };

  // A paste (bracketed paste mode: Ink turns it on while this is active) is one edit, whole.
  usePaste((text) => {
    const { ui: next, effect } = typeText(uiRef.current, text, { paste: true });
    dispatch(() => next);
    if (effect) runEffect(effect);
  });

  // The mouse: what a report lands on, here; what it does, in the model (applyMouse).
  const handleMouse = (m: MouseEvent) => {
    const current = uiRef.current;
    const listBodyRows = Math.max(0, layout.list - 1);
    const target = mouseTarget(m, {
      listTop: 2,
      listRows: layout.list,
      listStart: windowStart(index, rows.length, listBodyRows),
      rowCount: rows.length,
      detailTop: 2 + layout.list + (layout.separator ? 1 : 0),
      detailRows: layout.detail,
      footerRow: height,
      footer: footerSpans(fitFooter(footerEntries(current.mode, bindings, { asking: current.dialog ? !current.dialog.done : undefined }), width)),
    });
    const done = applyMouse(current, m, target, { rows, pageSize: listBodyRows, detailLines: detailLines.length, detailHeight: layout.detail });
    if (done.command) runNamed(current, done.command);
    else if (done.ui) dispatch(() => done.ui!);
  };

  const watchSources = useMemo(() => (fleet ? fleet.slots.flatMap((s) => (s.live ? [{ host: s.host.name, state: s.live.state }] : [])) : [{ state: anyLive.state }]), [fleet, anyLive, fleet?.liveCount]);
  useWatchAlerts(watchSources, ui.filter.pinned, version, (text) => dispatch((u) => ({ ...u, status: { text, tone: 'error' } })));

  const mouseHandler = useRef(handleMouse);
  mouseHandler.current = handleMouse;
  useEffect(() => {
    if (!mouseEvents || !mouseOn) return;
    const onReport = (report: string) => {
      const m = parseMouse(report);
      if (m) mouseHandler.current(m);
    };
    mouseEvents.on('report', onReport);
    return () => {
      mouseEvents.off('report', onReport);
    };
  }, [mouseEvents, mouseOn]);

  useInput((input, key) => {
    const keys = splitKeys(input, key);
    // (Checked for each key: the y and what was typed after it can come in one read.)
    for (const k of keys) if (!keysHeldForPolkit.current) handleKey(k.input, k.key);
    if (BENCH) {
      // Counted per key press: keys read together (a busy machine) are still each one key.
      for (const k of keys) benchMark('key-received', k.input);
      setKeyCount((n) => n + keys.length);
    }
  });
  useBenchMarks(rows, keyCount);

  const fold = selectedRow?.hosts && selectedRow.hosts.length > 1 ? ` (folded: ${selectedRow.hostLabel}; z expands)` : '';
  const markedSet = useMemo(() => (ui.marked?.length ? new Set(ui.marked) : undefined), [ui.marked]);
  // Rows of hosts that are not live now are what was true then: dimmed.
  const staleHosts = useMemo(() => (fleet ? new Set(fleet.slots.filter((s) => s.phase !== 'live').map((s) => s.host.name)) : undefined), [fleet, version]);
  const paneTitle = PANE_TITLES[ui.detailView] ?? (depKind ? ' (dependencies: d for the next)' : '');
  const unitTitle = selectedRow ? `${fold ? `${selectedRow.name} on ${selectedRow.host}` : rowLabel(selectedRow)}${fold}${paneTitle}` : 'no unit';
  const title = fleet && ui.view === 'hosts' ? (selectedRow ? `host ${selectedRow.name}` : 'no host') : `${ui.detailView === 'messages' ? 'messages (L for the status)' : unitTitle}${ui.focus === 'detail' ? ' (focused: j/k scroll)' : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header
        manager={managerLabel}
        host={host}
        version={String(live.systemd.versionNumber || live.systemd.version)}
        connection={live.connection}
        counts={counts}
        filter={ui.filter}
        loading={!live.ready}
        authorization={authorization}
        reconnecting={reconnecting}
        view={ui.view}
        fleet={fleet ? fleetHeader(fleet, ui.hostOnly) : undefined}
        marked={ui.marked?.length}
      />
      {ui.dialog ? (
        <DialogView dialog={ui.dialog} height={height - 3} width={width} />
      ) : ui.mode === 'help' ? (
        <HelpScreen height={height - 3} scroll={ui.helpScroll} width={width} />
      ) : (
        <>
          {layout.list > 0 && viewTable && (
            <ViewList headers={viewTable.headers} cells={viewTable.cells} selected={index} height={layout.list} width={width} focused={ui.focus === 'list'} empty={`${viewSpec(ui.view).empty} Press / to change the filter, 1 for the unit list.`} />
          )}
          {layout.list > 0 && !viewTable && <UnitList watched={ui.filter.pinned} rows={rows} columns={columns} selected={index} height={layout.list} focused={ui.focus === 'list'} stale={!fleet && (live.connection === 'manager-gone' || live.connection === 'disconnected' || live.connection === 'stalled')} staleHosts={staleHosts} marked={markedSet} />}
          {layout.separator && <Separator title={title} width={width} />}
          {layout.detail > 0 && <DetailPane lines={shownDetail} height={layout.detail} scroll={ui.detailScroll} />}
        </>
      )}
      <StatusBar rows={statusRows} />
      <Footer mode={ui.mode} asking={ui.dialog ? !ui.dialog.done : undefined} />
    </Box>
  );
}
