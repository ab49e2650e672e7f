// Which unit actions apply in which state, and what to say when one does not (pure).
import type { UnitRow } from './unitRow.js';

export type UnitAction = 'start' | 'stop' | 'restart' | 'reload' | 'reset-failed' | 'enable' | 'disable' | 'mask' | 'unmask' | 'daemon-reload';

/** Actions that ask before they act. */
export const CONFIRMED_ACTIONS: ReadonlySet<UnitAction> = new Set(['stop', 'restart', 'disable', 'mask']);

/** Actions on the manager, not on the selected unit (they apply whatever is selected). */
export const MANAGER_ACTIONS: ReadonlySet<UnitAction> = new Set(['daemon-reload']);

export const ACTION_VERBS: Record<UnitAction, { verb: string; progressive: string }> = {
  start: { verb: 'Start', progressive: 'starting' },
  stop: { verb: 'Stop', progressive: 'stopping' },
  restart: { verb: 'Restart', progressive: 'restarting' },
  reload: { verb: 'Reload', progressive: 'reloading' },
  'reset-failed': { verb: 'Reset the failed state of', progressive: 'resetting' },
  enable: { verb: 'Enable', progressive: 'enabling' },
  disable: { verb: 'Disable', progressive: 'disabling' },
  mask: { verb: 'Mask', progressive: 'masking' },
  unmask: { verb: 'Unmask', progressive: 'unmasking' },
  'daemon-reload': { verb: 'Reload the manager (daemon-reload)', progressive: 'reloading' },
};

/** How an action is named in the status line: "Stop web.service", "Reload the manager (daemon-reload)". */
export function actionTitle(action: UnitAction, unit: string): string {
  return MANAGER_ACTIONS.has(action) ? ACTION_VERBS[action].verb : `${ACTION_VERBS[action].verb} ${unit}`;
}

/** A unit whose file is masked (linked to /dev/null), by its load state or its unit file state. */
export function isMasked(row: Pick<UnitRow, 'load' | 'unitFileState'>): boolean {
  return row.load === 'masked' || row.unitFileState === 'masked' || row.unitFileState === 'masked-runtime';
}

const RUNNING = new Set(['active', 'reloading', 'activating', 'deactivating', 'refreshing']);

/** undefined when the action applies; otherwise the reason in words. */
export function whyNot(action: UnitAction, row: UnitRow): string | undefined {
  const name = row.name;
  if (action === 'daemon-reload') return undefined;
  if (isMasked(row) && (action === 'start' || action === 'restart' || action === 'enable')) return `${name} is masked; M unmasks it`;
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
    case 'mask':
      if (isMasked(row)) return `${name} is already masked`;
      return undefined;
    case 'unmask':
      if (!isMasked(row)) return `${name} is not masked; nothing to unmask`;
      return undefined;
  }
}

/** Why the selected unit cannot be sent a signal (undefined: it can). */
export function whyNotKill(row: UnitRow): string | undefined {
  if (row.name.includes('@.')) return `${row.name} is a template; act on an instance such as ${row.name.replace('@.', '@example.')}`;
  if (row.active === 'inactive' || row.active === 'failed') return `${row.name} is not running (it is ${row.active}); it has no processes to signal`;
  return undefined;
}

/** How a finished job reads in the status line. */
export function describeJobResult(action: UnitAction, unit: string, result: string): { text: string; ok: boolean } {
  const what = actionTitle(action, unit);
  switch (result) {
    case 'done':
      return { text: `${what}: done`, ok: true };
    case 'failed':
      return { text: `${what}: failed (see the detail pane for why)`, ok: false };
    case 'canceled':
      return { text: `${what}: canceled (another job replaced it)`, ok: false };
    case 'timeout':
      return { text: `${what}: timed out (its TimeoutStartSec=/TimeoutStopSec= ran out; the detail pane shows what it did)`, ok: false };
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

/** A refusal or failure of an action's call, as the adapter reports it. */
export interface ActionFailure {
  kind: string;
  dbusName?: string;
  message: string;
}

/**
 * Why an action could not be done, in words, with what to do next — never systemd's D-Bus error
 * text alone. Refusals that are already words (polkit, the bus) keep theirs.
 */
export function describeActionError(action: UnitAction, unit: string, e: ActionFailure): string {
  const what = actionTitle(action, unit);
  switch (e.dbusName) {
    case 'org.freedesktop.systemd1.JobTypeNotApplicable':
      return action === 'reload' ? `${what}: ${unit} cannot reload (it has no ExecReload=); r restarts it instead` : `${what}: not applicable to this unit`;
    case 'org.freedesktop.systemd1.UnitMasked':
      return `${what}: ${unit} is masked; v reverts (unmasks) it`;
    case 'org.freedesktop.systemd1.NoSuchUnit':
      return `${what}: ${unit} could not be found (its unit file is gone?); a daemon-reload may be due`;
    case 'org.freedesktop.systemd1.LoadFailed':
      return `${what}: ${unit} failed to load (its unit file has an error; c shows it, e fixes it)`;
    case 'org.freedesktop.systemd1.OnlyByDependency':
      return `${what}: ${unit} may not be ${action === 'start' ? 'started' : 'stopped'} by hand (RefuseManual${action === 'start' ? 'Start' : 'Stop'}=yes); act on what requires it`;
    case 'org.freedesktop.systemd1.TransactionIsDestructive':
    case 'org.freedesktop.systemd1.TransactionJobsConflicting':
      return `${what}: it conflicts with a job already running for this or a related unit; try again when that is done`;
    case 'org.freedesktop.systemd1.UnitInactive':
      return `${what}: ${unit} is not active`;
    case 'org.freedesktop.systemd1.ShuttingDown':
      return `${what}: the manager is shutting down and takes no new jobs`;
  }
  // systemctl mask links the unit's name to /dev/null in /etc (or the user's config folder): a
  // unit file written there itself is in the way, and systemd will not replace it.
  if (action === 'mask' && /already exists/.test(e.message)) {
    return `${what}: its own unit file is where the mask link would go; disable it, or move the file`;
  }
  if (e.kind === 'timeout') return `${what}: systemd did not answer in time; the job may still run — the list shows the unit as it is`;
  if (e.kind === 'disconnected') return `${what}: the connection to the manager was lost; svctui reconnects — the list shows the unit as it is then`;
  if (e.kind === 'access-denied' || e.kind === 'interactive-auth') return `${what}: ${e.message.replace(/^\S+\(\S*\)(: | )/, '')}`;
  // Anything else: systemd's words, without the D-Bus error name.
  return `${what}: ${e.message.replace(/^[A-Z][A-Za-z]+(\(\S*\))?: /, '').replace(/ \(org\.freedesktop\.[\w.]+\)$/, '')}`;
}
