// Runs the interactive UI: checks the terminal, connects, renders full-screen, and restores the
// terminal on quit, on SIGTERM/SIGHUP/SIGINT and on a crash.
import { render } from 'ink';
import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { useCallback, useState } from 'react';
import { CommandError, connect, managerKey, openHistory, type GlobalOptions } from '../commands/context.js';
import type { RunHistory } from '../systemd/runHistory.js';
import type { Scope } from '../systemd/bus.js';
import type { Systemd } from '../systemd/manager.js';
import type { JournalSource } from '../systemd/journal.js';
import { LiveUnits } from '../systemd/live.js';
import { App } from './App.js';
import { colorWanted, unicodeWanted } from './theme.js';
import { ThemeContext } from './ThemeContext.js';

export interface TuiOptions {
  /** The connection to the chosen manager (svctui switches to others itself). */
  systemd: Systemd;
  /** Runs of the chosen manager's units (journal, store). */
  history: RunHistory;
  global: GlobalOptions;
  journal: JournalSource;
  /** Shell globs limiting the units shown (the command line's PATTERN...). */
  patterns?: string[];
  /** Why switching managers is not possible here (demo, explicit bus address). */
  switchRefusal?: string;
}

function scopeLabel(scope: Scope, demo: boolean): string {
  return demo ? 'demo (user manager)' : scope === 'system' ? 'system manager' : 'user manager';
}

export function logFile(): string {
  const base = process.env.XDG_STATE_HOME || join(process.env.HOME || '/tmp', '.local', 'state');
  return join(base, 'svctui', 'svctui.log');
}

/** Appends to the log file; the screen belongs to the UI, so diagnostics never go to stdout. */
export function log(message: string): void {
  try {
    const file = logFile();
    mkdirSync(join(file, '..'), { recursive: true });
    appendFileSync(file, `${new Date().toISOString()} ${message}\n`);
  } catch {
    // logging must never break the UI
  }
}

async function startLive(options: GlobalOptions, connected?: Systemd, history?: RunHistory): Promise<LiveUnits> {
  const systemd = connected ?? (await connect(options));
  const live = new LiveUnits(systemd, history ?? (await openHistory(options)));
  try {
    await live.start();
  } catch (err) {
    live.close();
    throw err;
  }
  return live;
}

function Root({ first, options }: { first: LiveUnits; options: TuiOptions }) {
  const [current, setCurrent] = useState({ live: first, scope: options.global.scope });
  const onSwitchManager = useCallback(async () => {
    if (options.switchRefusal) return { ok: false, text: options.switchRefusal };
    const scope: Scope = current.scope === 'system' ? 'user' : 'system';
    try {
      const next = await startLive({ ...options.global, scope, busAddress: undefined });
      current.live.close();
      setCurrent({ live: next, scope });
      return { ok: true, text: `Switched to the ${scopeLabel(scope, false)}` };
    } catch (err) {
      return { ok: false, text: `Cannot switch to the ${scopeLabel(scope, false)}: ${(err as Error).message}` };
    }
  }, [current, options]);
  return (
    <App
      key={current.scope}
      live={current.live}
      journal={options.journal}
      managerLabel={scopeLabel(current.scope, options.global.demo)}
      host={hostname()}
      patterns={options.patterns}
      onSwitchManager={onSwitchManager}
      managerKey={managerKey({ ...options.global, scope: current.scope, busAddress: current.scope === options.global.scope ? options.global.busAddress : undefined })}
    />
  );
}

/** The interactive UI needs a terminal on both ends; say what to use instead. */
export function assertTerminal(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CommandError('the interactive UI needs a terminal. In scripts and pipes, use "svctui list" or "svctui status UNIT".', 1);
  }
}

export async function runTui(options: TuiOptions): Promise<number> {
  const live = await startLive(options.global, options.systemd, options.history);
  const theme = { color: colorWanted(true), unicode: unicodeWanted() && process.env.TERM !== 'dumb' };
  const instance = render(
    <ThemeContext.Provider value={theme}>
      <Root first={live} options={options} />
    </ThemeContext.Provider>,
    // interactive: we checked for a terminal; Ink would otherwise turn itself off when CI is set.
    { alternateScreen: true, exitOnCtrlC: false, patchConsole: true, maxFps: 30, interactive: true },
  );

  // Restore the terminal before anything else on a signal, then exit (exit hooks tear a demo down).
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]!;
    process.exitCode = code;
    instance.unmount();
    live.history?.flush();
    process.exit(code);
  };
  const onCrash = (err: unknown) => {
    instance.unmount();
    log(`crash: ${err instanceof Error ? err.stack : String(err)}`);
    process.stderr.write(`svctui: internal error: ${err instanceof Error ? err.message : String(err)}\nDetails are in ${logFile()}.\n`);
    process.exit(70);
  };
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.prependListener(sig, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(sig, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    live.close();
  }
  return 0;
}
