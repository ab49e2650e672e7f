// Runs the edit and revert flows (the command line's) with their questions in the UI's dialog.
import { editUnit, revertFlow } from '../app/editFlow.js';
import type { EditorRunner } from '../app/prompter.js';
import { handlerWizard } from '../app/handlerFlow.js';
import type { DialogPrompter } from './useDialog.js';
import type { JournalSource } from '../app/journal.js';
import type { UiState } from '../core/model/ui.js';
import type { LiveUnits } from '../app/live.js';

export async function runDialogFlow(
  effect: { kind: 'edit'; unit: string; full: boolean } | { kind: 'revert'; unit: string },
  live: LiveUnits,
  managerKey: string,
  openDialog: (title: string) => DialogPrompter,
  editorRunner: EditorRunner,
): Promise<NonNullable<UiState['status']>> {
  const what = effect.kind === 'edit' ? `${effect.full ? 'Edit (full copy)' : 'Edit'} ${effect.unit}` : `Revert ${effect.unit}`;
  const prompt = openDialog(what);
  try {
    const code =
      effect.kind === 'edit'
        ? await editUnit(live.systemd, { unit: effect.unit, full: effect.full, runtime: false, manager: managerKey }, prompt, undefined, editorRunner)
        : await revertFlow(live.systemd, effect.unit, prompt);
    prompt.finish(code === 0 ? 'Done.' : 'Nothing was applied.');
    if (code === 0) return { text: `${what}: done`, tone: 'ok' };
    return { text: effect.kind === 'edit' ? `${what}: not applied (e resumes a kept edit)` : `${what}: nothing was changed`, tone: 'error' };
  } catch (err) {
    prompt.say((err as Error).message);
    prompt.finish('Nothing was applied.');
    return { text: (err as Error).message, tone: 'error' };
  }
}

/** The ExecStopPost handler wizard (h), in the dialog. */
export async function runHandlerWizard(unit: string, live: LiveUnits, openDialog: (title: string) => DialogPrompter, journal: JournalSource = { host: live.systemd.host }): Promise<NonNullable<UiState['status']>> {
  const prompt = openDialog(`ExecStopPost handlers of ${unit}`);
  try {
    const code = await handlerWizard(live.systemd, unit, prompt, journal);
    prompt.finish(code === 0 ? 'Done.' : 'Nothing was changed.');
    return code === 0 ? { text: `Handlers of ${unit}: done`, tone: 'ok' } : { text: `Handlers of ${unit}: nothing was changed`, tone: 'error' };
  } catch (err) {
    prompt.say((err as Error).message);
    prompt.finish('Nothing was changed.');
    return { text: (err as Error).message.split('\n')[0] ?? 'error', tone: 'error' };
  }
}
