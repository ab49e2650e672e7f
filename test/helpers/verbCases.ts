// The systemctl verb cases for the verb oracle (user and system manager): twin units, one for
// systemctl and one for svctui, put in the same state before each case.
import assert from 'node:assert/strict';

export const KINDS: Record<string, string> = {
  run: '[Service]\nExecStart=/bin/sleep infinity\n\n[Install]\nWantedBy=default.target\n',
  reloadable: '[Service]\nExecStart=/bin/sleep infinity\nExecReload=/bin/true\n',
  fails: '[Service]\nType=oneshot\nExecStart=/bin/false\n',
  static: '[Service]\nExecStart=/bin/sleep infinity\n',
};
export const twin = (kind: string, side: 'a' | 'b') => `vb-${kind}-${side}.service`;
export const UNITS = Object.fromEntries(Object.entries(KINDS).flatMap(([kind, text]) => [[twin(kind, 'a'), text], [twin(kind, 'b'), text]]));

export type Setup = 'stopped' | 'running' | 'failed' | 'enabled' | 'masked';

export interface Case {
  verb: string[];
  kind: string;
  setup: Setup;
  /** Extra words after the unit (options). */
  after?: string[];
}

export const CASES: Case[] = [
  { verb: ['start'], kind: 'run', setup: 'stopped' },
  { verb: ['start'], kind: 'fails', setup: 'stopped' },
  { verb: ['start'], kind: 'missing', setup: 'stopped' },
  { verb: ['start'], kind: 'run', setup: 'masked' },
  { verb: ['stop'], kind: 'run', setup: 'running' },
  { verb: ['stop'], kind: 'run', setup: 'stopped' },
  { verb: ['stop'], kind: 'missing', setup: 'stopped' },
  { verb: ['restart'], kind: 'run', setup: 'running' },
  { verb: ['restart'], kind: 'run', setup: 'stopped' },
  { verb: ['try-restart'], kind: 'run', setup: 'stopped' },
  { verb: ['try-restart'], kind: 'run', setup: 'running' },
  { verb: ['reload'], kind: 'run', setup: 'running' },
  { verb: ['reload'], kind: 'reloadable', setup: 'running' },
  { verb: ['reload'], kind: 'reloadable', setup: 'stopped' },
  { verb: ['reload-or-restart'], kind: 'run', setup: 'running' },
  { verb: ['enable'], kind: 'run', setup: 'stopped' },
  { verb: ['enable'], kind: 'run', setup: 'stopped', after: ['--now'] },
  { verb: ['enable'], kind: 'static', setup: 'stopped' },
  { verb: ['enable'], kind: 'missing', setup: 'stopped' },
  { verb: ['disable'], kind: 'run', setup: 'enabled' },
  { verb: ['disable'], kind: 'run', setup: 'enabled', after: ['--now'] },
  { verb: ['mask'], kind: 'run', setup: 'stopped' },
  { verb: ['unmask'], kind: 'run', setup: 'masked' },
  { verb: ['kill'], kind: 'run', setup: 'running', after: ['--signal', 'KILL'] },
  { verb: ['kill'], kind: 'run', setup: 'stopped' },
  { verb: ['kill'], kind: 'missing', setup: 'stopped' },
  { verb: ['reset-failed'], kind: 'fails', setup: 'failed' },
  { verb: ['reset-failed'], kind: 'missing', setup: 'stopped' },
  { verb: ['is-active'], kind: 'run', setup: 'running' },
  { verb: ['is-active'], kind: 'run', setup: 'stopped' },
  { verb: ['is-active'], kind: 'missing', setup: 'stopped' },
  { verb: ['is-failed'], kind: 'fails', setup: 'failed' },
  { verb: ['is-failed'], kind: 'run', setup: 'running' },
  { verb: ['is-enabled'], kind: 'run', setup: 'enabled' },
  { verb: ['is-enabled'], kind: 'run', setup: 'stopped' },
  { verb: ['is-enabled'], kind: 'static', setup: 'stopped' },
  { verb: ['is-enabled'], kind: 'run', setup: 'masked' },
  { verb: ['is-enabled'], kind: 'missing', setup: 'stopped' },
];

/** Both twins in the same state before a case. */
export async function prepare(sb: { systemctl(args: string[]): Promise<{ exitCode: number }> }, units: string[], setup: Setup): Promise<void> {
  await sb.systemctl(['unmask', ...units]);
  await sb.systemctl(['unmask', '--runtime', ...units]);
  await sb.systemctl(['disable', ...units]);
  await sb.systemctl(['stop', ...units]);
  await sb.systemctl(['reset-failed', ...units]);
  if (setup === 'running') assert.equal((await sb.systemctl(['start', ...units])).exitCode, 0);
  if (setup === 'failed') await sb.systemctl(['start', ...units]);
  if (setup === 'enabled') assert.equal((await sb.systemctl(['enable', ...units])).exitCode, 0);
  // (The sandbox's unit files are where a persistent mask link would go: masked under /run.)
  if (setup === 'masked') assert.equal((await sb.systemctl(['mask', '--runtime', ...units])).exitCode, 0);
}

export async function state(sb: { systemctl(args: string[]): Promise<{ stdout: string }> }, unit: string): Promise<string> {
  const r = await sb.systemctl(['show', '-p', 'LoadState,ActiveState,SubState,UnitFileState,NRestarts', unit]);
  // The same facts for either twin: the name is not part of them.
  return r.stdout.trim().split('\n').sort().join(' ');
}

