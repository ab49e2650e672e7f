// Which unit actions apply in which state, and what to say when one does not (pure).
import type { UnitRow } from './unitRow.js';

export type UnitAction = 'start' | 'stop' | 'restart' | 'reload' | 'reset-failed' | 'enable' | 'disable';

/** Actions that ask before they act. */
export const CONFIRMED_ACTIONS: ReadonlySet<UnitAction> = new Set(['stop', 'restart', 'disable']);

export const ACTION_VERBS: Record<UnitAction, { verb: string; progressive: string }> = {
  start: { verb: 'Start', progressive: 'starting' },
  stop: { verb: 'Stop', progressive: 'stopping' },
  restart: { verb: 'Restart', progressive: 'restarting' },
  reload: { verb: 'Reload', progressive: 'reloading' },
  'reset-failed': { verb: 'Reset the failed state of', progressive: 'resetting' },
  enable: { verb: 'Enable', progressive: 'enabling' },
  disable: { verb: 'Disable', progressive: 'disabling' },
};

const RUNNING = new Set(['active', 'reloading', 'activating', 'deactivating', 'refreshing']);

/** undefined when the action applies; otherwise the reason in words. */
export function whyNot(action: UnitAction, row: UnitRow): string | undefined {
  const name = row.name;
  if (row.load === 'masked' && (action === 'start' || action === 'restart' || action === 'enable')) return `${name} is masked; unmask it first`;
  if (name.includes('@.')) return `${name} is a template; act on an instance such as ${name.replace('@.', '@example.')}`;
  switch (action) {
    case 'start':
      if (row.active === 'active' || row.active === 'reloading') return `${name} is already active`;
      if (row.job === 'start') return `${name} is already starting`;
      return undefined;
    case 'stop':
      if (!RUNNING.has(row.active)) return `${name} is not active (it is ${row.active}); nothing to stop`;
      return undefined;
    case 'restart':
      return undefined;
    case 'reload':
      if (row.active !== 'active') return `${name} is not active; only an active unit can reload`;
      return undefined;
    case 'reset-failed':
      if (row.active !== 'failed') return `${name} has not failed; nothing to reset`;
      return undefined;
    case 'enable':
      if (!row.unitFileState && row.load === 'loaded') return `${name} has no unit file state (transient or generated); it cannot be enabled`;
      if (row.unitFileState?.startsWith('enabled')) return `${name} is already enabled`;
      if (row.unitFileState === 'static') return `${name} is static: it has no [Install] section to enable`;
      return undefined;
    case 'disable':
      if (row.unitFileState === 'disabled') return `${name} is already disabled`;
      if (row.unitFileState === 'static') return `${name} is static: there is nothing to disable`;
      if (row.unitFileState && !row.unitFileState.startsWith('enabled') && row.unitFileState !== 'linked' && row.unitFileState !== 'indirect')
        return `${name} is ${row.unitFileState}; there is nothing to disable`;
      return undefined;
  }
}

/** How a finished job reads in the status line. */
export function describeJobResult(action: UnitAction, unit: string, result: string): { text: string; ok: boolean } {
  const what = `${ACTION_VERBS[action].verb} ${unit}`;
  switch (result) {
    case 'done':
      return { text: `${what}: done`, ok: true };
    case 'failed':
      return { text: `${what}: failed (see the detail pane for why)`, ok: false };
    case 'canceled':
      return { text: `${what}: canceled (another job replaced it)`, ok: false };
    case 'timeout':
      return { text: `${what}: timed out`, ok: false };
    case 'dependency':
      return { text: `${what}: a required dependency failed`, ok: false };
    case 'skipped':
      return { text: `${what}: skipped (it did not apply in the unit's state)`, ok: false };
    case 'invalid':
      return { text: `${what}: not applicable to this unit`, ok: false };
    case 'assert':
      return { text: `${what}: an Assert*= condition failed`, ok: false };
    case 'unsupported':
      return { text: `${what}: not supported for this unit type`, ok: false };
    default:
      return { text: `${what}: ${result}`, ok: false };
  }
}
