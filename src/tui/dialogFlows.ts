// Runs the edit, revert and handler flows (the command line's) with their questions in the UI's
// dialog, and says in the status bar what really happened: what the flow changed, in its words.
import { editUnit, revertFlow } from '../app/editFlow.js';
import { handlerWizard } from '../app/handlerFlow.js';
import { killFlow } from '../app/killFlow.js';
import { batchFlow, type BatchDeps, type BatchTarget } from '../app/batchFlow.js';
import { ACTION_VERBS, type UnitAction } from '../core/model/actions.js';
import { FlowCancelled, type EditorRunner } from '../app/prompter.js';
import type { JournalSource } from '../app/journal.js';
import type { LiveUnits } from '../app/live.js';
import type { UiState } from '../core/model/ui.js';
import type { DialogBridge, DialogPrompter } from './dialogPrompter.js';

type Outcome = NonNullable<UiState['status']>;

/** Runs a flow in a dialog titled `what`; its ending, and the status line to show after. */
async function inDialog(what: string, bridge: DialogBridge, flow: (p: DialogPrompter) => Promise<number>, notApplied = 'nothing was changed'): Promise<Outcome> {
  const p = bridge.open(what);
  let code = 1;
  let failure: string | undefined;
  let cancelled = false;
  try {
    code = await flow(p);
  } catch (err) {
    if (err instanceof FlowCancelled) cancelled = true;
    else {
      failure = (err as Error).message;
      p.say(failure);
    }
  }
  const changed = p.changes.length ? `Changed: ${p.changes.join('; ')}.` : 'Nothing was changed.';
  p.finish(cancelled ? `Cancelled. ${changed}` : changed);
  const did = p.changes.join('; ');
  if (failure) return { text: `${what}: ${did ? `${did}; then ` : ''}${failure.split('\n')[0]}`, tone: 'error' };
  if (cancelled) return { text: `${what}: cancelled; ${did || 'nothing was changed'}`, tone: did ? 'ok' : 'info' };
  if (did) return { text: `${what}: ${did}`, tone: code === 0 ? 'ok' : 'error' };
  return { text: `${what}: ${code === 0 ? 'nothing to change' : notApplied}`, tone: code === 0 ? 'info' : 'error' };
}

export function runDialogFlow(
  effect: { kind: 'edit'; unit: string; full: boolean } | { kind: 'revert'; unit: string },
  live: LiveUnits,
  managerKey: string,
  bridge: DialogBridge,
  editorRunner: EditorRunner,
): Promise<Outcome> {
  if (effect.kind === 'revert') return inDialog(`Revert ${effect.unit}`, bridge, (p) => revertFlow(live.systemd, effect.unit, p));
  const what = `${effect.full ? 'Edit (full copy)' : 'Edit'} ${effect.unit}`;
  return inDialog(what, bridge, (p) => editUnit(live.systemd, { unit: effect.unit, full: effect.full, runtime: false, manager: managerKey }, p, undefined, editorRunner), 'not applied (e resumes a kept edit)');
}

/** The ExecStopPost handler wizard (h), in the dialog. */
export function runHandlerWizard(unit: string, live: LiveUnits, bridge: DialogBridge, journal: JournalSource = { host: live.systemd.host }): Promise<Outcome> {
  return inDialog(`Handlers of ${unit}`, bridge, (p) => handlerWizard(live.systemd, unit, p, journal));
}

/** Kill (K): which signal, to whom, confirmed, in the dialog. */
export function runKillFlow(unit: string, live: LiveUnits, bridge: DialogBridge): Promise<Outcome> {
  return inDialog(`Kill ${unit}`, bridge, (p) => killFlow(live.systemd, unit, p), 'nothing was sent');
}

/** An action on every marked unit (across hosts): asked once, results per host as they come. */
export function runBatchFlow(action: UnitAction, targets: readonly BatchTarget[], liveOf: BatchDeps['liveOf'], bridge: DialogBridge, pauseMs = 0): Promise<Outcome> {
  const hosts = new Set(targets.map((t) => t.host)).size;
  const what = `${ACTION_VERBS[action].verb} ${targets.length} unit(s)${targets.some((t) => t.host) ? ` on ${hosts} host(s)` : ''}`;
  return inDialog(what, bridge, (p) => batchFlow(action, targets, { liveOf, cancelled: () => p.isCancelled(), pauseMs }, p), 'not done');
}
