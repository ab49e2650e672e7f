// What each of the reducer's effects does, one entry per kind (the App looks the kind up here):
// a new effect is one entry, not another branch in the App. Each runs against its target — the
// selected row's host's manager, journal and stores with several hosts, else this manager's.
import type { FleetLive } from '../app/fleetLive.js';
import type { JournalSource } from '../app/journal.js';
import { pagerArgs } from '../app/journal.js';
import type { LiveUnits } from '../app/live.js';
import type { EditorRunner } from '../app/prompter.js';
import { osc52 } from '../core/ansi.js';
import { actionTitle } from '../core/model/actions.js';
import type { Effect, UiState } from '../core/model/ui.js';
import { runEditor, runOnTerminal } from '../host/local/editor.js';
import type { WatchList } from '../host/local/state/watchList.js';
import { runBatchFlow, runDialogFlow, runHandlerWizard, runJournalFilterFlow, runKillFlow } from './dialogFlows.js';
import type { DialogBridge } from './dialogPrompter.js';

/** Where an effect acts: a manager, its journal, its key for svctui's stores, and " on HOST" (with several hosts). */
export interface EffectTarget {
  live: LiveUnits;
  journal: JournalSource;
  key: string;
  on: string;
}

/** What the handlers may use of the App. */
export interface EffectEnv {
  target: EffectTarget;
  dispatch: (change: (u: UiState) => UiState) => void;
  bridge: DialogBridge;
  exit: (status: number) => void;
  setBusy: (text: string | undefined) => void;
  /** Runs `fn` with the whole terminal (the UI put away meanwhile). */
  handTerminal: <T>(fn: () => Promise<T>) => Promise<T>;
  onSwitchManager: () => Promise<{ ok: boolean; text: string }>;
  /** This manager (one host), or the fleet's first live host's. */
  live: LiveUnits;
  fleet?: FleetLive;
  rollingPauseMs: number;
  watchList?: WatchList;
  managerKey: string;
  /** polkit will ask for a password: keys typed until it is answered are for it. */
  holdKeysForPolkit: () => void;
  releaseKeys: () => void;
}

type Handlers = { [K in Effect['kind']]: (effect: Extract<Effect, { kind: K }>, env: EffectEnv) => void };

const say = (env: EffectEnv, status: NonNullable<UiState['status']>) => env.dispatch((u) => ({ ...u, status }));

export const EFFECT_HANDLERS: Handlers = {
  // The exit status is Ink's result: runTui returns it.
  quit: (e, env) => env.exit(e.status),
  'dialog-answer': (e, env) => env.bridge.answer(e.answer),
  'dialog-cancel': (_e, env) => env.bridge.cancel(),
  'switch-manager': (_e, env) => {
    env.setBusy('Switching manager…');
    void env.onSwitchManager().then((r) => {
      env.setBusy(undefined);
      say(env, { text: r.text, tone: r.ok ? 'ok' : 'error' });
    });
  },
  batch: (e, env) => {
    // Each (host, unit) on its host's manager; a host that is not live is said, not guessed at.
    const { fleet } = env;
    // (A host whose manager is slow to answer its ping, or reloading, is still connected: the job is
    // sent, and a job that cannot be done fails in words.)
    const connected = (host: string) => ['live', 'stalled', 'reloading'].includes(fleet!.slot(host)?.phase ?? '');
    const liveOf = (host: string | undefined) => (!fleet ? env.live : host === undefined ? undefined : connected(host) ? fleet.liveOf(host) : undefined);
    void runBatchFlow(e.action, e.targets, liveOf, env.bridge, env.rollingPauseMs).then((outcome) => env.dispatch((u) => ({ ...u, status: outcome, marked: outcome.tone === 'ok' ? [] : u.marked })));
  },
  kill: (e, env) => void runKillFlow(e.unit, env.target.live, env.bridge).then((outcome) => say(env, outcome)),
  'journal-filter': (e, env) =>
    void runJournalFilterFlow(e.current, env.bridge, (filter) => env.dispatch((u) => ({ ...u, mode: u.focus, dialog: undefined, journalFilter: filter.filter, status: filter.status }))),
  watch: (e, env) => {
    void env.watchList?.set(env.managerKey, e.units).then((r) => {
      if (!r.ok) env.dispatch((u) => ({ ...u, status: { text: `${u.status?.text ?? ''} (not kept for next time: ${r.problem})`, tone: 'info' } }));
    });
  },
  copy: (e, env) => {
    // OSC 52: the terminal (the one on the user's desk, through SSH and tmux) puts it on its
    // clipboard; the text was on screen already, escaped (no control characters in it).
    process.stdout.write(osc52(e.text));
    say(env, { text: `Copied ${e.unit ? `"${e.unit}"` : 'the line'} to the clipboard (if the terminal allows OSC 52)`, tone: 'ok' });
  },
  'journal-pager': (e, env) => {
    // journalctl pages by itself on a terminal ($SYSTEMD_PAGER, $PAGER, less); it runs here, so
    // only for this machine's journal.
    const { live, journal } = env.target;
    if (live.systemd.host.kind !== 'local') {
      say(env, { text: `o pages this machine's journal only; on ${live.systemd.host.name} run: journalctl ${live.systemd.scope === 'user' ? '--user ' : ''}-u ${e.unit}`, tone: 'error' });
      return;
    }
    const args = pagerArgs(journal, { unit: e.unit, scope: live.systemd.scope, uid: live.systemd.host.identity.uid, invocationId: e.invocationId, filter: e.filter });
    const what = e.invocationId ? `the journal of run ${e.invocationId.slice(0, 12)}` : `the journal of ${e.unit}`;
    void env
      .handTerminal(() => runOnTerminal(['journalctl', ...args], 'journalctl'))
      .then((code) => say(env, code === 0 ? { text: `Back from ${what}`, tone: 'info' } : { text: `journalctl ended with status ${code} showing ${what}`, tone: 'error' }))
      .catch((err: Error) => say(env, { text: err.message, tone: 'error' }));
  },
  handlers: (e, env) => void runHandlerWizard(e.unit, env.target.live, env.bridge, env.target.journal).then((outcome) => say(env, outcome)),
  edit: (e, env) => dialogFlow(e, env),
  revert: (e, env) => dialogFlow(e, env),
  action: (e, env) => {
    const { action, unit } = e;
    const { live, on } = env.target;
    env.setBusy(`${actionTitle(action, unit)}${on}…`);
    env.holdKeysForPolkit();
    void live.runAction(action, unit).then((outcome) => {
      env.releaseKeys();
      env.setBusy(undefined);
      // With several hosts, the result says where.
      say(env, { text: on ? `${on.slice(4)}: ${outcome.text}` : outcome.text, tone: outcome.ok ? 'ok' : 'error' });
    });
  },
};

/** Edit and revert: the flow's questions in a dialog; only the editor gets the whole terminal, and the UI comes back to the same unit and scroll position. */
function dialogFlow(e: Extract<Effect, { kind: 'edit' | 'revert' }>, env: EffectEnv): void {
  const editorInTerminal: EditorRunner = (editor, file) => env.handTerminal(() => runEditor(editor, file));
  void runDialogFlow(e, env.target.live, env.target.key, env.bridge, editorInTerminal).then((outcome) => say(env, outcome));
}

/** Runs an effect through its entry. */
export function runEffectWith(effect: Effect, env: EffectEnv): void {
  (EFFECT_HANDLERS[effect.kind] as (e: Effect, env: EffectEnv) => void)(effect, env);
}
