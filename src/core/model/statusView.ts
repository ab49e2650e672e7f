// The `systemctl status` view of one unit, built from its D-Bus properties (pure; no I/O).
// One builder serves `svctui status` and the TUI's detail pane. Layout per systemctl-show.c:
// labels right-aligned to 12 columns including the colon, continuation lines indented 13.
import { decodeExecCommands, EXEC_PROPERTIES, formatCodeStatus, isCleanExit, UINT64_MAX } from '../decode.js';
import { formatBytes, formatRelative, formatTimespan, formatTimestamp, USEC_PER_MSEC } from '../format.js';
import { seg, type Segment, type StyledLine, type Tone } from './styled.js';

/** A journal line as journalctl's short output shows it, with its syslog priority (0 to 7) when known. */
export interface JournalLine {
  text: string;
  priority?: number;
}

/** journalctl's colours by priority: errors and worse red, warnings yellow, notices bold, debug grey. */
export function priorityTone(priority: number | undefined): Tone | undefined {
  if (priority === undefined) return undefined;
  if (priority <= 3) return 'danger';
  if (priority === 4) return 'warning';
  if (priority === 5) return 'emphasis';
  if (priority === 7) return 'muted';
  return undefined;
}

export interface StatusInput {
  props: Record<string, unknown>;
  /** ActiveState of the units named in TriggeredBy/Triggers (systemctl looks each one up). */
  relatedStates?: Record<string, string>;
  /** comm of running main/control processes, read locally. */
  comm?: Record<number, string>;
  /** Journal tail, already formatted; undefined hides the section (remote, or not wanted). */
  journal?: (string | JournalLine)[];
  /** The unit's processes (Manager.GetUnitProcesses): cgroup, pid, command line. */
  processes?: UnitProcess[];
  nowUs: bigint;
  nowMonotonicUs: bigint;
  unicode?: boolean;
  timeZone?: string;
}

export interface UnitProcess {
  cgroup: string;
  pid: number;
  cmdline: string;
}

export interface Glyphs {
  active: string;
  reloading: string;
  failed: string;
  inactive: string;
  treeRight: string;
  treeBranch: string;
  treeVertical: string;
  treeSpace: string;
}

export function glyphs(unicode: boolean): Glyphs {
  return unicode
    ? { active: '●', reloading: '↻', failed: '×', inactive: '○', treeRight: '└─', treeBranch: '├─', treeVertical: '│ ', treeSpace: '  ' }
    : { active: '*', reloading: '*', failed: 'x', inactive: '*', treeRight: '`-', treeBranch: '|-', treeVertical: '| ', treeSpace: '  ' };
}

export function activeStateGlyph(state: string | undefined, g: Glyphs): string {
  switch (state) {
    case 'active':
      return g.active;
    case 'reloading':
    case 'refreshing':
      return g.reloading;
    case 'failed':
      return g.failed;
    case 'activating':
    case 'deactivating':
      return g.active;
    default:
      return g.inactive;
  }
}

export function activeStateTone(state: string | undefined): Tone | undefined {
  if (state === 'failed') return 'danger';
  if (state === 'active' || state === 'reloading' || state === 'refreshing') return 'success';
  return undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
const big = (v: unknown): bigint => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : 0n);
const strv = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
const isSet = (t: bigint) => t > 0n && t !== UINT64_MAX;

function label(name: string): string {
  return `${name}:`.padStart(12) + ' ';
}
const CONT = ' '.repeat(13);

function timestampWithRelative(t: bigint, input: StatusInput): string | undefined {
  if (!isSet(t)) return undefined;
  return `${formatTimestamp(t, input.timeZone)}; ${formatRelative(t, input.nowUs)}`;
}

const PRESET_HIDDEN_FOR = new Set(['alias', 'static', 'generated', 'transient']);

/** systemctl status's warning for a unit whose files changed on disk since the manager read them. */
export function daemonReloadWarning(unit: string, scope: 'system' | 'user'): string {
  return `Warning: The unit file, source configuration file or drop-ins of ${unit} changed on disk. Run 'systemctl${scope === 'user' ? ' --user' : ''} daemon-reload' to reload units.`;
}

export function buildStatusView(input: StatusInput): StyledLine[] {
  const p = input.props;
  const g = glyphs(input.unicode ?? true);
  const lines: StyledLine[] = [];
  const id = str(p.Id);
  const activeState = str(p.ActiveState);
  const activeTone = activeStateTone(activeState);

  // Header
  const header: Segment[] = [seg(activeStateGlyph(activeState, g), activeTone), seg(` ${id || 'n/a'}`)];
  const description = str(p.Description);
  if (description && description !== id) header.push(seg(` - ${description}`));
  lines.push(header);

  const following = str(p.Following);
  if (following) lines.push([seg(`${label('Follows')}unit currently follows state of ${following}`)]);

  // Loaded
  const loadState = str(p.LoadState) || 'n/a';
  const loadTone: Tone | undefined = ['error', 'not-found', 'bad-setting'].includes(loadState) ? 'danger' : undefined;
  const loadError = Array.isArray(p.LoadError) ? str((p.LoadError as unknown[])[1]) : '';
  const path = str(p.SourcePath) || str(p.FragmentPath);
  const fileState = str(p.UnitFileState);
  const preset = str(p.UnitFilePreset);
  const loaded: Segment[] = [seg(label('Loaded')), seg(loadState, loadTone)];
  if (loadError) loaded.push(seg(` (Reason: ${loadError})`));
  else if (path && fileState) {
    const fileTone: Tone | undefined = fileState.startsWith('enabled') ? 'success' : fileState === 'disabled' ? 'warning' : undefined;
    loaded.push(seg(` (${path}; `), seg(fileState, fileTone));
    if (preset && !PRESET_HIDDEN_FOR.has(fileState)) {
      loaded.push(seg('; preset: '), seg(preset, preset.startsWith('enabled') ? 'success' : preset === 'disabled' ? 'warning' : undefined));
    }
    loaded.push(seg(')'));
  } else if (path) loaded.push(seg(` (${path})`));
  lines.push(loaded);

  if (p.Transient === true) lines.push([seg(`${label('Transient')}yes`)]);

  // Drop-In: one group per directory, the first carrying the label
  const groups: { dir: string; files: string[] }[] = [];
  for (const f of strv(p.DropInPaths)) {
    const slash = f.lastIndexOf('/');
    const d = slash > 0 ? f.slice(0, slash) : '/';
    const last = groups[groups.length - 1];
    if (last && last.dir === d) last.files.push(f.slice(slash + 1));
    else groups.push({ dir: d, files: [f.slice(slash + 1)] });
  }
  groups.forEach((grp, i) => {
    lines.push([seg(`${i === 0 ? label('Drop-In') : CONT}${grp.dir}`)]);
    lines.push([seg(`${CONT}${g.treeRight}${grp.files.join(', ')}`)]);
  });

  // Active
  const sub = str(p.SubState);
  const active: Segment[] = [seg(label('Active'))];
  active.push(seg(sub && sub !== activeState ? `${activeState || 'n/a'} (${sub})` : activeState || 'n/a', activeTone));
  const freezer = str(p.FreezerState);
  if (freezer && freezer !== 'running') active.push(seg(' '), seg(`(${freezer})`, 'warning'));
  const result = str(p.Result);
  if (result && result !== 'success') active.push(seg(` (Result: ${result})`));
  const since =
    activeState === 'active' || activeState === 'reloading'
      ? big(p.ActiveEnterTimestamp)
      : activeState === 'inactive' || activeState === 'failed'
        ? big(p.InactiveEnterTimestamp)
        : activeState === 'activating'
          ? big(p.InactiveExitTimestamp)
          : big(p.ActiveExitTimestamp);
  const sinceText = timestampWithRelative(since, input);
  if (sinceText) active.push(seg(` since ${sinceText}`));
  lines.push(active);

  // Until: (runtime limit of an active unit)
  const runtimeMax = big(p.RuntimeMaxUSec);
  if (activeState === 'active' && isSet(runtimeMax) && isSet(big(p.ActiveEnterTimestamp))) {
    const until = big(p.ActiveEnterTimestamp) + runtimeMax;
    lines.push([seg(`${label('Until')}${timestampWithRelative(until, input)}`)]);
  }

  // Duration of the last activation, for stopped units
  const enter = big(p.ActiveEnterTimestamp);
  const exit = big(p.ActiveExitTimestamp);
  if ((activeState === 'inactive' || activeState === 'failed') && !id.endsWith('.target') && isSet(enter) && isSet(exit) && exit >= enter) {
    lines.push([seg(`${label('Duration')}${formatTimespan(exit - enter, USEC_PER_MSEC)}`)]);
  }

  // TriggeredBy / Trigger / Triggers
  const related = input.relatedStates ?? {};
  strv(p.TriggeredBy).forEach((u, i) => {
    const st = related[u];
    lines.push([seg(i === 0 ? 'TriggeredBy: ' : CONT), seg(activeStateGlyph(st, g), activeStateTone(st)), seg(` ${u}`)]);
  });
  if (id.endsWith('.timer')) {
    const next = nextElapse(big(p.NextElapseUSecRealtime), big(p.NextElapseUSecMonotonic), input);
    lines.push([seg(`${label('Trigger')}${isSet(next) ? timestampWithRelative(next, input) : 'n/a'}`)]);
  }
  strv(p.Triggers).forEach((u, i) => {
    const st = related[u];
    lines.push([seg(i === 0 ? label('Triggers') : CONT), seg(g.active, activeStateTone(st)), seg(` ${u}`)]);
  });

  // Condition / Assert
  const condTs = big(p.ConditionTimestamp);
  if (p.ConditionResult === false && isSet(condTs)) {
    lines.push([seg(label('Condition')), seg('start '), seg('condition failed', 'warning'), seg(` at ${timestampWithRelative(condTs, input)}`)]);
    const failed = (Array.isArray(p.Conditions) ? (p.Conditions as [string, boolean, boolean, string, number][]) : []).filter((c) => c[4] < 0);
    failed.forEach((c, i) => {
      lines.push([seg(`${CONT}${i === failed.length - 1 ? g.treeRight : g.treeBranch}${c[0]}=${c[1] ? '|' : ''}${c[2] ? '!' : ''}${c[3]} was not met`)]);
    });
  }
  const assertTs = big(p.AssertTimestamp);
  if (p.AssertResult === false && isSet(assertTs)) {
    lines.push([seg(label('Assert')), seg('start '), seg('assertion failed', 'danger'), seg(` at ${timestampWithRelative(assertTs, input)}`)]);
    const failed = (Array.isArray(p.Asserts) ? (p.Asserts as [string, boolean, boolean, string, number][]) : []).find((c) => c[4] < 0);
    if (failed) lines.push([seg(`${CONT}${failed[0]}=${failed[2] ? '!' : ''}${failed[3]} was not met`)]);
  }

  if (str(p.SysFSPath)) lines.push([seg(`${label('Device')}${str(p.SysFSPath)}`)]);
  if (str(p.Where)) lines.push([seg(`${label('Where')}${str(p.Where)}`)]);
  if (str(p.What)) lines.push([seg(`${label('What')}${str(p.What)}`)]);

  strv(p.Documentation).forEach((d, i) => lines.push([seg(`${i === 0 ? label('Docs') : CONT}${d}`)]));

  const listen = Array.isArray(p.Listen) ? (p.Listen as [string, string][]) : [];
  listen.forEach(([type, addr], i) => lines.push([seg(`${i === 0 ? label('Listen') : CONT}${addr} (${type})`)]));
  if (p.Accept === true) {
    lines.push([seg(`   Accepted: ${num(p.NAccepted)}; Connected: ${num(p.NConnections)};${num(p.NRefused) ? `   Refused: ${num(p.NRefused)}` : ''}`)]);
  }

  // Process: lines for every Exec* command that has exited
  let mainPid = num(p.ExecMainPID) || num(p.MainPID);
  const running = num(p.MainPID) > 0;
  if (running) mainPid = num(p.MainPID);
  let controlPid = num(p.ControlPID);
  for (const prop of EXEC_PROPERTIES) {
    for (const cmd of decodeExecCommands(prop, p[prop])) {
      if (cmd.code === 0) continue;
      const clean = isCleanExit(cmd.code, cmd.status);
      const tone: Tone | undefined = clean ? undefined : cmd.flags.ignoreFailure ? 'warning' : 'danger';
      lines.push([seg(`${label('Process')}${cmd.pid} ${prop}=${cmd.argv.join(' ')} `), seg(`(${formatCodeStatus(cmd.code, cmd.status)})`, tone)]);
      if (cmd.pid === controlPid) controlPid = 0;
    }
  }

  // Main PID / Control PID
  if (mainPid > 0 || controlPid > 0) {
    let text = '';
    if (mainPid > 0) {
      text = `${label('Main PID')}${mainPid}`;
      const code = num(p.ExecMainCode);
      if (running) {
        const comm = input.comm?.[mainPid];
        if (comm) text += ` (${comm})`;
      } else if (code > 0) {
        text += ` (${formatCodeStatus(code, num(p.ExecMainStatus))})`;
      }
    }
    if (controlPid > 0) {
      text += mainPid > 0 ? `; Control PID: ${controlPid}` : `  Cntrl PID: ${controlPid}`;
      const comm = input.comm?.[controlPid];
      if (comm) text += ` (${comm})`;
    }
    lines.push([seg(text)]);
  }

  if (str(p.StatusText)) lines.push([seg(`${label('Status')}"${str(p.StatusText)}"`)]);
  if (num(p.StatusErrno) > 0) lines.push([seg(`${label('Error')}${num(p.StatusErrno)} (errno ${num(p.StatusErrno)})`)]);

  const ipIn = big(p.IPIngressBytes);
  const ipOut = big(p.IPEgressBytes);
  if (p.IPIngressBytes !== undefined && ipIn !== UINT64_MAX && ipOut !== UINT64_MAX) lines.push([seg(`${label('IP')}${formatBytes(ipIn)} in, ${formatBytes(ipOut)} out`)]);
  const ioRead = big(p.IOReadBytes);
  const ioWrite = big(p.IOWriteBytes);
  if (p.IOReadBytes !== undefined && ioRead !== UINT64_MAX && ioWrite !== UINT64_MAX) lines.push([seg(`${label('IO')}${formatBytes(ioRead)} read, ${formatBytes(ioWrite)} written`)]);
  const tasks = big(p.TasksCurrent);
  if (p.TasksCurrent !== undefined && tasks !== UINT64_MAX) {
    const max = big(p.TasksMax);
    lines.push([seg(`${label('Tasks')}${tasks}${max !== UINT64_MAX && p.TasksMax !== undefined ? ` (limit: ${max})` : ''}`)]);
  }
  const mem = big(p.MemoryCurrent);
  if (p.MemoryCurrent !== undefined && mem !== UINT64_MAX) lines.push([seg(`${label('Memory')}${formatBytes(mem)}${memoryLimits(p)}`)]);
  const cpu = big(p.CPUUsageNSec);
  if (p.CPUUsageNSec !== undefined && cpu !== UINT64_MAX) lines.push([seg(`${label('CPU')}${formatTimespan(cpu / 1000n, USEC_PER_MSEC)}`)]);

  const cgroup = str(p.ControlGroup);
  if (cgroup) {
    lines.push([seg(`${label('CGroup')}${cgroup}`)]);
    for (const l of processTree(cgroup, input.processes ?? [], ' '.repeat(13), g)) lines.push([seg(l)]);
  }

  if (input.journal && input.journal.length > 0) {
    lines.push([seg('')]);
    for (const j of input.journal) lines.push(typeof j === 'string' ? [seg(j)] : [seg(j.text, priorityTone(j.priority))]);
  }
  return lines;
}

function memoryLimits(p: Record<string, unknown>): string {
  const parts: string[] = [];
  const v = (k: string) => (p[k] === undefined ? undefined : big(p[k]));
  const min = v('MemoryMin');
  const low = v('MemoryLow');
  if (min !== undefined && min > 0n) parts.push(`min: ${min === UINT64_MAX ? 'infinity' : formatBytes(min)}`);
  if (low !== undefined && low > 0n) parts.push(`low: ${low === UINT64_MAX ? 'infinity' : formatBytes(low)}`);
  for (const [k, name] of [
    ['MemoryHigh', 'high'],
    ['MemoryMax', 'max'],
    ['MemorySwapMax', 'swap max'],
    ['MemoryLimit', 'limit'],
    ['MemoryAvailable', 'available'],
  ] as const) {
    const x = v(k);
    if (x !== undefined && x !== UINT64_MAX) parts.push(`${name}: ${formatBytes(x)}`);
  }
  return parts.length ? ` (${parts.join(' ')})` : '';
}

/**
 * The CGroup tree as systemctl draws it (cgroup-show.c): the unit's processes by PID (right-aligned
 * to the widest), then its sub-cgroups by name, each with its own processes below, with tree glyphs.
 */
export function processTree(root: string, processes: UnitProcess[], prefix: string, g: Glyphs): string[] {
  const out: string[] = [];
  const within = (cg: string) => cg === root || cg.startsWith(root === '/' ? '/' : `${root}/`);
  const dump = (cg: string, pre: string) => {
    const pids = processes.filter((x) => x.cgroup === cg).sort((a, b) => a.pid - b.pid);
    const depth = cg === '/' ? 1 : cg.split('/').length;
    // The sub-cgroups directly below, named by their last part (processes deeper make them exist).
    const children = [...new Set(processes.filter((x) => within(x.cgroup) && x.cgroup !== cg && x.cgroup.startsWith(cg === '/' ? '/' : `${cg}/`)).map((x) => x.cgroup.split('/').slice(0, depth + 1).join('/')))].sort();
    const width = pids.length ? String(pids[pids.length - 1]!.pid).length : 0;
    pids.forEach((x, i) => {
      const more = i + 1 < pids.length || children.length > 0;
      out.push(`${pre}${more ? g.treeBranch : g.treeRight}${String(x.pid).padStart(width)} ${x.cmdline}`);
    });
    children.forEach((child, i) => {
      const more = i + 1 < children.length;
      out.push(`${pre}${more ? g.treeBranch : g.treeRight}${child.slice(child.lastIndexOf('/') + 1)}`);
      dump(child, pre + (more ? g.treeVertical : g.treeSpace));
    });
  };
  dump(root, prefix);
  return out;
}

/** calc_next_elapse: the earlier of the realtime and the (converted) monotonic next elapse. */
function nextElapse(realtime: bigint, monotonic: bigint, input: StatusInput): bigint {
  if (isSet(monotonic)) {
    const converted = monotonic > input.nowMonotonicUs ? input.nowUs + (monotonic - input.nowMonotonicUs) : input.nowUs - (input.nowMonotonicUs - monotonic);
    return isSet(realtime) ? (converted < realtime ? converted : realtime) : converted;
  }
  return realtime;
}

/** The one-line state text used by lists: "active (running)", "failed (Result: exit-code)". */
export function stateText(activeState: string, subState: string): string {
  return subState && subState !== activeState ? `${activeState} (${subState})` : activeState;
}
