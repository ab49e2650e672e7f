// Runs the interactive UI: checks the terminal, connects, renders full-screen, and restores the
// terminal on quit, on SIGTERM/SIGHUP/SIGINT and on a crash.
import { render } from 'ink';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { log, logFile } from '../host/local/state/log.js';
import type { Host } from '../host/host.js';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { connected, openInWorker, managerKey, openHistory, type GlobalOptions } from '../app/context.js';
import type { Scope } from '../host/bus.js';
import type { JournalSource } from '../app/journal.js';
import { LiveUnits } from '../app/live.js';
import { App } from './App.js';
import { benchMark, benchMarking, frameDone, memoryText, traceStalls } from '../host/benchMark.js';
import { colorWanted, unicodeWanted } from '../core/theme.js';
import { ThemeContext, type TerminalTheme } from './ThemeContext.js';
import { DARK, LIGHT } from '../core/theme.js';
import type { Config } from '../core/config.js';
import { BINDINGS, type Binding } from '../core/keymap.js';
import { BACKGROUND_QUERY, colorFgBgIsLight } from './terminal.js';
import { mouseReportsOff, mouseReportsOn, stdinWithoutMouse } from './mouse.js';
import { WatchList } from '../host/local/state/watchList.js';
import { polkitQuestionOpen } from '../host/local/authAgent.js';
import { EventEmitter } from 'node:events';
import type { FleetLive } from '../app/fleetLive.js';
import { FleetWaiting } from './FleetWaiting.js';

export interface TuiOptions {
  /** The machine it manages (this one, or -H's). */
  host: Host;
  /** The chosen manager's units, listed (svctui switches to other managers itself). */
  live?: LiveUnits;
  /** Several hosts instead (connecting as the UI starts; each host's units as it is live). */
  fleet?: FleetLive;
  global: GlobalOptions;
  journal: JournalSource;
  /** Shell globs limiting the units shown (the command line's PATTERN...). */
  patterns?: string[];
  /** Why switching managers is not possible here (demo, explicit bus address). */
  switchRefusal?: string;
  /** config.toml's settings and the key bindings they make (the defaults without one). */
  config?: Config;
  bindings?: readonly Binding[];
  /** Said once, in the status line, when the UI starts (e.g. why config.toml was not used). */
  notice?: string;
}

function scopeLabel(scope: Scope, demo: boolean): string {
  const label = scope === 'system' ? 'system manager' : 'user manager';
  // Inside the system-manager demo's box, svctui is told so by its environment.
  return demo || process.env.SVCTUI_DEMO ? `demo (${label})` : label;
}

/** Connects (in a worker thread) and lists: what the first frame needs, nothing more. */
async function startLive(host: Host, options: GlobalOptions): Promise<LiveUnits> {
  return LiveUnits.open(await connected(openInWorker(host, options)));
}

/** What can wait until the first frame is on screen: the run store and the journal. */
function startBackground(live: LiveUnits, host: Host, options: GlobalOptions): void {
  setImmediate(() => void live.loadBackground(() => openHistory(host, options)));
}

/** A full garbage collection, once in a while (V8's gc is exposed on first use, for this alone). */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as (o?: unknown) => void)({ type: 'major', execution: 'sync' });
  } catch {
    // not available: V8 collects in its own time
  }
}

/** Waits between attempts to reconnect: quick at first, then every 5 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(5000, 250 * 2 ** Math.min(attempt, 5));
}

function Root({ first, options, terminalEvents, theme: initialTheme, askBackground }: { first: LiveUnits; options: TuiOptions; terminalEvents: EventEmitter; theme: TerminalTheme; askBackground: boolean }) {
  const [watchList] = useState(() => new WatchList());
  // The light palette once the terminal says its background is light (asked once, at start).
  const [theme, setTheme] = useState(initialTheme);
  useEffect(() => {
    if (!askBackground) return;
    const onBackground = (light: boolean) => setTheme((t) => ({ ...t, palette: light ? LIGHT : DARK }));
    terminalEvents.on('background', onBackground);
    process.stdout.write(BACKGROUND_QUERY);
    return () => {
      terminalEvents.off('background', onBackground);
    };
  }, [askBackground, terminalEvents]);
  const [current, setCurrent] = useState<{ live: LiveUnits; scope: Scope; message?: { text: string; tone: 'ok' | 'error' } }>({
    live: first,
    scope: options.global.scope,
    message: options.notice ? { text: options.notice, tone: 'error' } : undefined,
  });
  const [attempts, setAttempts] = useState(0);
  const [reconnectWhy, setReconnectWhy] = useState<string | undefined>();
  useSyncExternalStore(current.live.subscribe, current.live.getSnapshot);
  const lost = current.live.connection === 'disconnected';
  // The bus went away (restarted, or the connection dropped): connect again with backoff, list
  // again, and carry on with the same screen. The rows stay, dimmed, until then.
  useEffect(() => {
    if (!lost) return;
    let stop = false;
    let timer: NodeJS.Timeout | undefined;
    const attempt = (n: number) => {
      timer = setTimeout(() => {
        setAttempts(n + 1);
        const global = { ...options.global, scope: current.scope, busAddress: current.scope === options.global.scope ? options.global.busAddress : undefined };
        startLive(options.host, global).then(
          (next) => {
            if (stop) return next.close();
            startBackground(next, options.host, global);
            current.live.close();
            setAttempts(0);
            setReconnectWhy(undefined);
            setCurrent({ live: next, scope: current.scope });
          },
          (err: unknown) => {
            if (stop) return;
            setReconnectWhy(err instanceof Error ? err.message : String(err));
            attempt(n + 1);
          },
        );
      }, reconnectDelay(n));
    };
    attempt(0);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [lost, current, options]);
  const onSwitchManager = useCallback(async () => {
    if (options.switchRefusal) return { ok: false, text: options.switchRefusal };
    const scope: Scope = current.scope === 'system' ? 'user' : 'system';
    try {
      const global = { ...options.global, scope, busAddress: undefined };
      const next = await startLive(options.host, global);
      startBackground(next, options.host, global);
      current.live.close();
      const text = `Switched to the ${scopeLabel(scope, false)}`;
      // The new manager's screen starts with the word on the switch.
      setCurrent({ live: next, scope, message: { text, tone: 'ok' as const } });
      return { ok: true, text };
    } catch (err) {
      return { ok: false, text: `Cannot switch to the ${scopeLabel(scope, false)}: ${(err as Error).message}` };
    }
  }, [current, options]);
  return (
    <ThemeContext.Provider value={theme}>
      <App
        key={current.scope}
        live={current.live}
        journal={options.journal}
        managerLabel={scopeLabel(current.scope, options.global.demo)}
        host={options.host.kind === 'local' ? options.host.identity.hostname : `${options.host.identity.hostname} (ssh)`}
        patterns={options.patterns}
        onSwitchManager={onSwitchManager}
        managerKey={managerKey({ ...options.global, scope: current.scope, busAddress: current.scope === options.global.scope ? options.global.busAddress : undefined })}
        askPassword={options.global.askPassword !== false}
        initialStatus={current.message}
        reconnecting={attempts}
        reconnectWhy={reconnectWhy}
        mouseOn={options.config?.mouse ?? true}
        mouseEvents={terminalEvents}
        watchList={watchList}
      />
    </ThemeContext.Provider>
  );
}

/**
 * The fleet's screen: the App over every host once one is live; before that, the hosts and where
 * each is (the first frame never waits for a host).
 */
function FleetRoot({ fleet, options, terminalEvents, theme }: { fleet: FleetLive; options: TuiOptions; terminalEvents: EventEmitter; theme: TerminalTheme }) {
  const [watchList] = useState(() => new WatchList());
  useSyncExternalStore(fleet.subscribe, fleet.getSnapshot);
  const live = fleet.anyLive();
  const journal = fleet.slots.find((s) => s.live === live)?.journal;
  const refusal = useCallback(async () => ({ ok: false, text: 'With several hosts svctui shows their system managers; for a user manager, svctui -H HOST --user' }), []);
  return (
    <ThemeContext.Provider value={theme}>
      {live && journal ? (
        <App
          live={live}
          journal={journal}
          fleet={fleet}
          rollingPauseMs={(options.config?.fleet?.pause ?? 0) * 1000}
          managerLabel="system manager"
          host=""
          patterns={options.patterns}
          onSwitchManager={refusal}
          managerKey="fleet"
          askPassword={false}
          initialStatus={options.notice ? { text: options.notice, tone: 'error' } : undefined}
          mouseOn={options.config?.mouse ?? true}
          mouseEvents={terminalEvents}
          watchList={watchList}
        />
      ) : (
        <FleetWaiting fleet={fleet} />
      )}
    </ThemeContext.Provider>
  );
}

export async function runTui(options: TuiOptions): Promise<number> {
  const { live, fleet } = options;
  const histories = () => (fleet ? fleet.slots.map((s) => s.live?.history) : [live?.history]);
  traceStalls(process.stdout);
  const color = colorWanted(true);
  // The theme: config.toml's, or (auto) what the terminal says of its background: $COLORFGBG at
  // once, else its answer to OSC 11, which comes as input; until then (and if none comes) dark.
  // The first frame never waits for it.
  const themeName = options.config?.theme ?? 'auto';
  const hint = themeName === 'auto' ? colorFgBgIsLight() : themeName === 'light';
  const theme = { color, unicode: unicodeWanted() && process.env.TERM !== 'dumb', palette: color && hint ? LIGHT : DARK, bindings: options.bindings ?? BINDINGS };
  // The mouse's reports and the terminal's answers reach the App through this (Ink drops them).
  const terminalEvents = new EventEmitter();
  const input = stdinWithoutMouse(
    (report) => terminalEvents.emit('report', report),
    (light) => terminalEvents.emit('background', light),
  );
  const instance = render(
    fleet ? (
      <FleetRoot fleet={fleet} options={options} terminalEvents={terminalEvents} theme={theme} />
    ) : (
      <Root first={live!} options={options} terminalEvents={terminalEvents} theme={theme} askBackground={color && themeName === 'auto' && hint === undefined} />
    ),
    // interactive: we checked for a terminal; Ink would otherwise turn itself off when CI is set.
    // incrementalRendering: only changed lines go to the terminal (a tick is a few bytes over SSH).
    // maxFps: svctui paces its own updates (LiveUnits: once a frame, 20 fps in a burst), so Ink's
    // limit is set out of the way: a key or a lone change is drawn at once (npm run bench).
    { stdin: input.stdin, alternateScreen: true, exitOnCtrlC: false, patchConsole: true, maxFps: 1000, interactive: true, incrementalRendering: true, onRender: benchMarking ? frameDone : undefined },
  );
  if (live) startBackground(live, options.host, options.global);
  if (options.config?.mouse ?? true) mouseReportsOn();
  let tallest = process.stdout.rows ?? 0;
  let settle: NodeJS.Timeout | undefined;
  const onResize = () => {
    const rows = process.stdout.rows ?? 0;
    const shrank = rows * 1.5 < tallest;
    tallest = Math.max(tallest, rows);
    clearTimeout(settle);
    // A screen that was much taller left garbage sized to it (rows, cells, yoga's layout): V8
    // keeps such a heap for long on an idle program. Once the size settles, collect it and hand
    // the pages back (npm run bench measures a 2,100-row pane shrinking to 40).
    settle = setTimeout(() => {
      if (shrank) {
        collectGarbage();
        tallest = rows;
      }
      if (benchMarking) benchMark('memory-resize', `rows=${rows} ${memoryText()}`);
    }, 1500);
    settle.unref();
  };
  process.stdout.on('resize', onResize);

  // Restore the terminal before anything else on a signal, then exit (exit hooks tear a demo down).
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C at polkit's question cancels the question (the agent's own handler), not svctui.
    if (signal === 'SIGINT' && polkitQuestionOpen()) return;
    const code = 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]!;
    process.exitCode = code;
    instance.unmount();
    for (const h of histories()) h?.flush({ final: true });
    process.exit(code);
  };
  const onCrash = (err: unknown) => {
    instance.unmount();
    log(`crash: ${err instanceof Error ? err.stack : String(err)}`);
    process.stderr.write(`svctui: internal error: ${err instanceof Error ? err.message : String(err)}\n${logFile() ? `Details are in ${logFile()}.` : ''}\n`);
    process.exit(70);
  };
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.prependListener(sig, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  let status = 0;
  try {
    const result = await instance.waitUntilExit();
    if (typeof result === 'number') status = result;
  } finally {
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(sig, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.stdout.off('resize', onResize);
    mouseReportsOff();
    input.close();
    clearTimeout(settle);
    if (fleet) fleet.close();
    else live?.close();
  }
  // Said once more after the screen is gone: runs seen this session that could not be stored.
  const unstored = histories().find((h) => h?.writeProblem())?.writeProblem();
  if (unstored) process.stderr.write(`svctui: note: ${unstored}\n`);
  return status;
}
