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
import { journalFilterText, parseJournalFilter, type PaneJournalFilter } from '../core/model/journalFilter.js';
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

/**
 * The journal filter (J): journalctl's options typed as for journalctl, asked again (with what was
 * wrong) until they are right; Esc keeps the filter as it was. `done` gets the new filter.
 */
export async function runJournalFilterFlow(current: string, bridge: DialogBridge, done: (r: { filter: PaneJournalFilter; status: Outcome }) => void): Promise<void> {
  const p = bridge.open('Journal filter');
  p.say("journalctl's options for the pane's journal and for o: -p PRIORITY (err, warning, a range such as err..warning), --since TIME and --until TIME (\"2026-12-07 10:00\", yesterday, -1h), -b [N] (0 this boot, -1 the one before), -u UNIT (more units, merged). none: the unit's own lines in this boot.");
  let text = current;
  for (;;) {
    try {
      // (An empty answer keeps the filter; "none" clears it.)
      text = await p.askText(current ? `Filter (Enter keeps "${current}", none clears it):` : 'Filter:', text);
      if (text.trim() === 'none') text = '';
    } catch (err) {
      if (!(err instanceof FlowCancelled)) throw err;
      p.finish('Cancelled: the filter is as it was.');
      return;
    }
    const parsed = parseJournalFilter(text);
    if ('problem' in parsed) {
      p.say(`Not taken: ${parsed.problem}.`);
      continue;
    }
    const words = journalFilterText(parsed.filter);
    done({ filter: parsed.filter, status: { text: words ? `Journal: ${words} (J changes it; o opens journalctl with it)` : "Journal: the unit's own lines in this boot (no filter)", tone: 'info' } });
    return;
  }
}

/** An action on every marked unit (across hosts): asked once, results per host as they come. */
export function runBatchFlow(action: UnitAction, targets: readonly BatchTarget[], liveOf: BatchDeps['liveOf'], bridge: DialogBridge, pauseMs = 0): Promise<Outcome> {
  const hosts = new Set(targets.map((t) => t.host)).size;
  const what = `${ACTION_VERBS[action].verb} ${targets.length} unit(s)${targets.some((t) => t.host) ? ` on ${hosts} host(s)` : ''}`;
  return inDialog(what, bridge, (p) => batchFlow(action, targets, { liveOf, cancelled: () => p.isCancelled(), pauseMs }, p), 'not done');
}
