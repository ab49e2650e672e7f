// The truth oracle's runner: boots a sandbox, writes each scenario's unit, causes its ending,
// records what systemd itself reports at that moment (and whether it restarted the unit), then asks
// svctui in every way it can learn about it and reports every field that disagrees with the truth.
import { execa } from 'execa';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
// The one module of svctui's the oracle uses: the confined sandbox that runs a real systemd. What
// is true comes from that systemd (busctl, systemctl, journalctl) and from what the oracle did;
// what svctui says comes from its binary (the command line, and the TUI in tmux).
import { startSandbox, type Sandbox } from '../../src/host/sandbox/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';
import { describeScenario, learningsFor, LONG_RUNNING, type Learning, type Scenario } from './scenarios.js';
import { expected, handlerShouldAct, simulationScenario, type Expected } from './truth.js';

const REPO = new URL('../../', import.meta.url).pathname;
const BIN = join(REPO, 'bin', 'svctui');

export interface Mismatch {
  scenario: Scenario;
  learning: Learning | 'handler' | 'simulation' | 'setup';
  field: string;
  expected: string;
  shown: string;
}

export function formatMismatch(m: Mismatch): string {
  return `MISMATCH ${describeScenario(m.scenario)}\n  learning: ${m.learning}\n  field: ${m.field}\n  expected: ${m.expected}\n  shown: ${m.shown}`;
}

// The service every scenario runs, driven by a mode file (python: it can notify systemd itself).
const PROGRAM = String.raw`import os, signal, socket, sys, time
stem = sys.argv[1]
try:
    mode = open(stem + '.mode').read().strip()
except FileNotFoundError:
    mode = 'run'
if mode.startswith('once:'):
    mode = mode[5:]
    open(stem + '.mode', 'w').write('run')
kind, _, arg = mode.partition(':')
if len(sys.argv) > 2 and sys.argv[2] == 'fork':
    pid = os.fork()
    if pid:
        open(stem + '.pid', 'w').write(str(pid))
        sys.exit(0)
    os.setsid()
def notify(msg):
    addr = os.environ.get('NOTIFY_SOCKET')
    if not addr:
        return
    if addr.startswith('@'):
        addr = '\0' + addr[1:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.connect(addr)
    s.send(msg.encode())
    s.close()
if kind != 'hang':
    notify('READY=1')
if kind == 'run' and os.environ.get('ORACLE_TYPE') == 'oneshot':
    sys.exit(0)  # a oneshot that runs is one that finishes
# A forking service's child lives long enough for systemd to read its PID file first, even on a
# busy machine (else systemd says "protocol": the PID file names a process already gone).
delay = 1.5 if len(sys.argv) > 2 and sys.argv[2] == 'fork' else 0.3
if kind == 'exit':
    time.sleep(delay)
    sys.exit(int(arg))
if kind == 'signal':
    time.sleep(delay)
    os.kill(os.getpid(), getattr(signal, 'SIG' + arg))
    time.sleep(5)
if kind == 'exit0-on-term':
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
if kind == 'ignore-term':
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
# A run that is meant to keep running pings the watchdog (when there is one); "no-pings" does not.
ping = kind != 'no-pings' and os.environ.get('WATCHDOG_USEC')
while True:
    if ping:
        notify('WATCHDOG=1')
        time.sleep(int(os.environ['WATCHDOG_USEC']) / 4e6)
    else:
        time.sleep(3600)
`;

function modeFor(s: Scenario): string {
  switch (s.ending) {
    case 'exit0':
      return 'once:exit:0';
    case 'exitN':
      return `once:exit:${s.status}`;
    case 'start-limit':
      return `exit:${s.status}`;
    case 'crash-kill':
      return 'once:signal:KILL';
    case 'core':
      return 'once:signal:SEGV';
    case 'stop-exit0':
      return 'exit0-on-term';
    case 'stop-timeout':
      return 'ignore-term';
    case 'start-timeout':
      return 'once:hang';
    case 'watchdog':
      return 'once:no-pings';
    default:
      return 'run';
  }
}

function unitText(s: Scenario, dir: string): string {
  const sh = s.shape;
  const stem = join(dir, s.unit);
  const ms = (n: number) => `${n}ms`;
  const lines = ['[Unit]', `Description=oracle ${s.ending}`, `StartLimitBurst=${sh.startLimitBurst}`, `StartLimitIntervalSec=${sh.startLimitIntervalSec}`];
  if (s.ending === 'target-stop') lines.push(`PartOf=${groupTarget(s)}`);
  lines.push('', '[Service]', `Type=${sh.type}`, `Environment=ORACLE_TYPE=${sh.type}`);
  if (sh.type === 'forking') lines.push(`ExecStart=/usr/bin/python3 ${join(dir, 'prog.py')} ${stem} fork`, `PIDFile=${stem}.pid`);
  else lines.push(`ExecStart=/usr/bin/python3 ${join(dir, 'prog.py')} ${stem}`);
  if (sh.type === 'notify') lines.push('NotifyAccess=all');
  if (sh.remainAfterExit) lines.push('RemainAfterExit=yes');
  lines.push(`Restart=${sh.restart}`, `RestartSec=${ms(sh.restartSec)}`);
  if (sh.successExitStatus !== undefined) lines.push(`SuccessExitStatus=${sh.successExitStatus}`);
  if (sh.preventExitStatus !== undefined) lines.push(`RestartPreventExitStatus=${sh.preventExitStatus}`);
  if (sh.watchdogMs) lines.push(`WatchdogSec=${ms(sh.watchdogMs)}`);
  if (sh.timeoutStartMs) lines.push(`TimeoutStartSec=${ms(sh.timeoutStartMs)}`);
  if (sh.timeoutStopMs) lines.push(`TimeoutStopSec=${ms(sh.timeoutStopMs)}`);
  if (sh.execCondition) lines.push("ExecCondition=/bin/sh -c 'exit 1'");
  if (sh.execStopPost) lines.push('ExecStopPost=/bin/true');
  lines.push(`LimitCORE=${s.ending === 'core' ? 'infinity' : '0'}`);
  return lines.join('\n') + '\n';
}

const groupTarget = (s: Scenario) => s.unit.replace(/\.service$/, '-group.target');

/** One unit's facts as systemd sends them, in order: the oracle's own record of what happened. */
interface Snapshot {
  /** When systemd created this invocation (the first state change that carried it). */
  begunUs?: bigint;
  invocation: string;
  startUs: bigint;
  exitUs: bigint;
  code: number;
  status: number;
  result: string;
  active: string;
  sub: string;
  stateChangeUs: bigint;
}

// Keeps one D-Bus connection subscribed to the manager (systemd sends unit signals only while
// someone is): a few lines of Python speaking the wire protocol, so that the oracle's record does
// not depend on svctui subscribing.
const SUBSCRIBER = String.raw`import os, socket, struct, sys
def pad(b, n):
    return b + b'\0' * ((-len(b)) % n)
def field(code, sig, val):
    v = val.encode()
    return pad(bytes([code, len(sig)]) + sig.encode() + b'\0', 4) + struct.pack('<I', len(v)) + v + b'\0'
def call(serial, path, iface, member, dest):
    fields = b''
    for code, sig, val in ((1, 'o', path), (2, 's', iface), (3, 's', member), (6, 's', dest)):
        fields = pad(fields, 8) + field(code, sig, val)
    return pad(b'l' + bytes([1, 0, 1]) + struct.pack('<III', 0, serial, len(fields)) + fields, 8)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1].split('path=', 1)[1])
s.sendall(b'\0AUTH EXTERNAL ' + str(os.geteuid()).encode().hex().encode() + b'\r\n')
if not s.recv(4096).startswith(b'OK'):
    sys.exit('the bus refused the authentication')
s.sendall(b'BEGIN\r\n')
s.sendall(call(1, '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello', 'org.freedesktop.DBus'))
s.sendall(call(2, '/org/freedesktop/systemd1', 'org.freedesktop.systemd1.Manager', 'Subscribe', 'org.freedesktop.systemd1'))
print('subscribed', flush=True)
while s.recv(65536):
    pass
`;

/** A unit's object path, as sd_bus_path_encode makes it (written here, not taken from svctui). */
function unitPath(unit: string): string {
  let out = '';
  for (let i = 0; i < unit.length; i++) {
    const c = unit[i]!;
    out += /[A-Za-z0-9]/.test(c) && !(i === 0 && /[0-9]/.test(c)) ? c : `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
  return `/org/freedesktop/systemd1/unit/${out}`;
}

type BusValue = { type: string; data: unknown };

class TruthRecorder {
  readonly current = new Map<string, Snapshot>();
  readonly history = new Map<string, Snapshot[]>();
  private readonly units = new Map<string, string>();
  private readonly children: ChildProcess[] = [];

  /** Records every unit of `names`, from busctl's view of the manager's signals. */
  async start(address: string, names: string[], dir: string): Promise<void> {
    for (const n of names) this.units.set(unitPath(n), n);
    writeFileSync(join(dir, 'subscribe.py'), SUBSCRIBER);
    const sub = spawn('python3', [join(dir, 'subscribe.py'), address], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(sub);
    await new Promise<void>((resolve, reject) => {
      sub.stdout!.once('data', () => resolve());
      sub.once('exit', (code) => reject(new Error(`the oracle's D-Bus subscriber exited (${code})`)));
    });
    // Only the oracle's units' signals: a monitor that cannot keep up has messages dropped by the bus.
    const matches = names.flatMap((n) => ['--match', `type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path='${unitPath(n)}'`]);
    const mon = spawn('busctl', [`--address=${address}`, '--json=short', 'monitor', ...matches], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.children.push(mon);
    let partial = '';
    mon.stdout!.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.take(line);
    });
    // busctl is listening once it has seen a signal of its own making: ask for one.
    await new Promise((r) => setTimeout(r, 300));
  }

  /**
   * What systemctl show says of a unit now, as one more snapshot: a bus monitor may miss signals
   * on a busy bus (the bus drops what a monitor does not read in time), systemd's own answer does not.
   */
  async poll(sb: Sandbox, unit: string): Promise<void> {
    const r = await sb.systemctl(['show', unit, '--timestamp=unix', '--property=InvocationID,ExecMainStartTimestamp,ExecMainExitTimestamp,ExecMainCode,ExecMainStatus,Result,ActiveState,SubState,StateChangeTimestamp']);
    const p = Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const us = (v?: string) => (v && /^@\d+$/.test(v) ? Number(v.slice(1)) * 1e6 : 0);
    const changed: Record<string, BusValue> = {
      InvocationID: { type: 'ay', data: (p.InvocationID ?? '').match(/../g)?.map((h) => parseInt(h, 16)) ?? [] },
      ExecMainCode: { type: 'i', data: Number(p.ExecMainCode ?? 0) },
      ExecMainStatus: { type: 'i', data: Number(p.ExecMainStatus ?? 0) },
      Result: { type: 's', data: p.Result ?? '' },
      ActiveState: { type: 's', data: p.ActiveState ?? '' },
      SubState: { type: 's', data: p.SubState ?? '' },
      ExecMainStartTimestamp: { type: 't', data: us(p.ExecMainStartTimestamp) },
      ExecMainExitTimestamp: { type: 't', data: us(p.ExecMainExitTimestamp) },
      StateChangeTimestamp: { type: 't', data: us(p.StateChangeTimestamp) },
    };
    const path = [...this.units].find(([, n]) => n === unit)?.[0];
    if (path) this.take(JSON.stringify({ path, payload: { data: ['org.freedesktop.systemd1.Service', changed, []] } }));
  }

  private take(line: string): void {
    let m: { path?: string; payload?: { data?: [string, Record<string, BusValue>, string[]] } };
    try {
      m = JSON.parse(line) as typeof m;
    } catch {
      return;
    }
    const unit = m.path ? this.units.get(m.path) : undefined;
    const changed = m.payload?.data?.[1];
    if (!unit || !changed) return;
    const v = (name: string) => changed[name]?.data;
    const big = (name: string, prev: bigint) => (typeof v(name) === 'number' ? BigInt(v(name) as number) : prev);
    const num = (name: string, prev: number) => (typeof v(name) === 'number' ? (v(name) as number) : prev);
    const str = (name: string, prev: string) => (typeof v(name) === 'string' ? (v(name) as string) : prev);
    const inv = v('InvocationID');
    const prev = this.current.get(unit) ?? { invocation: '', startUs: 0n, exitUs: 0n, code: 0, status: 0, result: '', active: '', sub: '', stateChangeUs: 0n };
    const next: Snapshot = {
      invocation: Array.isArray(inv) ? (inv as number[]).map((b) => b.toString(16).padStart(2, '0')).join('') : prev.invocation,
      startUs: big('ExecMainStartTimestamp', prev.startUs),
      exitUs: big('ExecMainExitTimestamp', prev.exitUs),
      code: num('ExecMainCode', prev.code),
      status: num('ExecMainStatus', prev.status),
      result: str('Result', prev.result),
      active: str('ActiveState', prev.active),
      sub: str('SubState', prev.sub),
      stateChangeUs: big('StateChangeTimestamp', prev.stateChangeUs),
    };
    next.begunUs = next.invocation === prev.invocation ? prev.begunUs : next.stateChangeUs;
    this.current.set(unit, next);
    const list = this.history.get(unit) ?? [];
    list.push(next);
    this.history.set(unit, list);
  }

  /**
   * The run the ending ended: the first run that exited (a single-shot ending's restarted run keeps
   * running or, for a oneshot, exits 0 — not the one to judge), or the last one (the start limit's
   * repeated failures); for a skipped start, the run's id.
   */
  endedRun(unit: string, which: 'first' | 'last' = 'first'): Snapshot | undefined {
    const list = (this.history.get(unit) ?? []).filter((s) => s.code !== 0 && s.exitUs > 0n);
    const exited = which === 'first' ? list.find((s) => s.invocation === list[0]!.invocation && s.exitUs === list[0]!.exitUs) : list.at(-1);
    return exited ?? (this.history.get(unit) ?? []).filter((s) => s.invocation).at(-1);
  }

  close(): void {
    for (const c of this.children) c.kill('SIGTERM');
  }
}

interface Truth {
  scenario: Scenario;
  expect: Expected;
  invocation: string;
  /** When systemd began the run (its start job) and when its main process started. */
  begunUs: bigint;
  startUs: bigint;
  exitUs: bigint;
  /** When the unit entered its state at the end (what SINCE means). */
  sinceUs: bigint;
  /** systemd started it again (observed), or has a restart scheduled (auto-restart now). */
  restarted: boolean;
  scheduled: boolean;
  activeState: string;
  handlerActed?: boolean;
  simulation?: string;
}

async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function show(sb: Sandbox, unit: string, props: string[]): Promise<Record<string, string>> {
  const r = await sb.systemctl(['show', unit, `--property=${props.join(',')}`]);
  return Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

function svctui(sb: Sandbox, args: string[], env: Record<string, string>) {
  return execa(process.execPath, [BIN, '--user', '--bus-address', sb.busAddress, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
}

/** What svctui shows for one unit in one way of learning. */
interface Observed {
  listed: boolean;
  /** Read off the TUI's screen: only the row (LAST EXIT, STOP REASON) is there. */
  rowOnly?: boolean;
  /** Where it was read, in a mismatch's field ("on screen after D"). */
  label?: string;
  lastExit?: string;
  stopReason?: string;
  since?: string | null;
  run?: { start: string | null; end: string | null; durationMs: number | null; lastExit: string; stopReason: string; endedBy: string | null; invocationId: string };
  next?: { restarts: boolean; text: string } | null;
}

/** What `svctui list --json` and `history --json` print (their documented shapes, read here as data). */
interface RunJson {
  invocationId: string;
  start: string | null;
  end: string | null;
  durationMs: number | null;
  lastExit: string;
  stopReason: string;
  endedBy: string | null;
}
interface RowJson {
  unit: string;
  lastExit: string;
  stopReason: string;
  since: string | null;
  runs: RunJson[];
}

function observedFrom(row: RowJson | undefined, runs: RunJson[] | undefined, next: Observed['next'], invocation: string): Observed {
  if (!row) return { listed: false };
  const run = (runs ?? row.runs).find((r) => r.invocationId === invocation);
  return { listed: true, lastExit: row.lastExit, stopReason: row.stopReason, since: row.since, run, next };
}

const UNKNOWN_REASON = /\?$|^unknown$/;

/**
 * The unit rows on the TUI's screen: each cell cut where the header's column begins (a LAST EXIT
 * such as "SIGSEGV (core)" has a space in it).
 */
function screenRows(screen: string): Map<string, { lastExit: string; stopReason: string }> {
  const lines = screen.split('\n');
  const header = lines.find((l) => / UNIT +STATE +LAST EXIT +STOP REASON +SINCE/.test(l)) ?? '';
  const exitAt = header.indexOf('LAST EXIT');
  const reasonAt = header.indexOf('STOP REASON');
  const sinceAt = header.indexOf('SINCE');
  const rows = new Map<string, { lastExit: string; stopReason: string }>();
  if (exitAt < 0) return rows;
  for (const l of lines) {
    const name = /^.(\S+\.service) /.exec(l)?.[1];
    if (!name || l.includes('──')) continue;
    rows.set(name, { lastExit: l.slice(exitAt, reasonAt).trim(), stopReason: l.slice(reasonAt, sinceAt).trim() });
  }
  return rows;
}

export interface BatchResult {
  mismatches: Mismatch[];
  /** "ending/learning" pairs that were compared. */
  covered: Set<string>;
}

export async function runBatch(list: Scenario[], log: (line: string) => void = () => undefined): Promise<BatchResult> {
  const mismatches: Mismatch[] = [];
  const covered = new Set<string>();
  const miss = (scenario: Scenario, learning: Mismatch['learning'], field: string, exp: string, shown: string) => mismatches.push({ scenario, learning, field, expected: exp, shown });
  const sb = await startSandbox();
  const recorder = new TruthRecorder();
  let tui: Terminal | undefined;
  try {
    const dir = join(sb.root, 'oracle');
    mkdirSync(dir, { recursive: true });
    chmodSync(sb.root, 0o755);
    writeFileSync(join(dir, 'prog.py'), PROGRAM);
    const liveState = join(dir, 'live-state');
    mkdirSync(liveState, { mode: 0o700 });
    const emptyJournal = join(dir, 'no-journal');
    mkdirSync(emptyJournal);
    await recorder.start(sb.busAddress, list.map((s) => s.unit), dir);

    // svctui watching live from before the units exist (the TUI left open, in tmux), without the
    // journal: what it shows is read off its screen.
    tui = await openTerminal(
      svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', emptyJournal, 'or-*']),
      { columns: 200, rows: Math.max(60, 3 * (list.length + 6)) },
      { XDG_STATE_HOME: liveState, TZ: 'UTC' },
    );
    await tui.waitForScreen((s) => / · live · /.test(s), 'the TUI, live', 20_000);

    // Units, an anchor that keeps them loaded until the collection phase, targets for target-stop.
    for (const s of list) {
      await sb.writeUnit(s.unit, unitText(s, dir));
      writeFileSync(join(dir, `${s.unit}.mode`), modeFor(s));
      if (s.ending === 'target-stop') await sb.writeUnit(groupTarget(s), '[Unit]\nDescription=group\n');
    }
    await sb.writeUnit('or-anchor.target', `[Unit]\nAfter=${list.map((s) => s.unit).join(' ')}\n`);
    await sb.daemonReload();
    await sb.systemctl(['start', 'or-anchor.target', ...list.filter((s) => s.ending === 'target-stop').map(groupTarget)]);

    // Handlers, attached with svctui (the simulation's verdict is kept for later).
    const handlerState = join(dir, 'handler-state');
    for (const s of list) {
      if (!s.handler) continue;
      const h = s.handler;
      const file = join(dir, `${s.unit}.records`);
      const args = ['handler', 'attach', s.unit, '--name', 'oracle', '--template', h.template, '--when', h.when, '--yes'];
      if (h.template === 'json') args.push('--file', file);
      else args.push('--command', `echo "$SERVICE_RESULT/$EXIT_CODE/$EXIT_STATUS" >> ${file}`);
      if (h.template === 'on-status' || h.when === 'statuses') args.push('--statuses', h.statuses.join(','));
      if (h.when === 'results') args.push('--results', h.results.join(','));
      const r = await svctui(sb, args, { XDG_STATE_HOME: handlerState });
      if (r.exitCode !== 0) {
        miss(s, 'setup', 'handler attach', 'exit 0', `exit ${r.exitCode}: ${String(r.stderr).trim()}`);
        s.handler = undefined;
        continue;
      }
      const name = simulationScenario(s);
      const row = String(r.stdout)
        .split('\n')
        .map((l) => l.trim().split(/ {2,}/))
        .find((cells) => cells[0] === name);
      (s as Scenario & { simulation?: string }).simulation = row?.[2];
    }

    // Start them all, then cause each ending.
    await sb.systemctl(['start', '--no-block', ...list.map((s) => s.unit)]);
    const truths = await Promise.all(list.map((s) => causeEnding(sb, s, recorder, dir)));
    log(`endings done (${truths.length})`);

    // The handlers ran by now (the units are down or running again); what did they do?
    for (const t of truths) {
      const s = t.scenario;
      // ExecStopPost= runs when the unit stops: a oneshot that remains active has not stopped yet.
      if (!s.handler || !t.expect.vars || (s.shape.remainAfterExit && t.activeState === 'active')) continue;
      // Only for the ended run: a restarted unit's later runs (a oneshot's exit 0) run it too.
      const file = join(dir, `${s.unit}.records`);
      const v = t.expect.vars;
      const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      t.handlerActed = lines.some((l) => {
        if (!l.startsWith('{')) return l === `${v.result}/${v.code}/${v.status}`;
        const r = JSON.parse(l) as { service_result: string; exit_code: string; exit_status: string };
        return r.service_result === v.result && r.exit_code === v.code && r.exit_status === v.status;
      });
      const should = handlerShouldAct(s.handler, t.expect.vars, t.expect.stoppedByRequest);
      if (t.handlerActed !== should) miss(s, 'handler', `handler ${s.handler.template}/${s.handler.when} acted`, String(should), String(t.handlerActed));
      const sim = (s as Scenario & { simulation?: string }).simulation;
      const simName = simulationScenario(s);
      // An exit status gets its row when the handler lists it (else "exit status 1" stands for them).
      const listed = s.handler.template === 'on-status' || s.handler.when === 'statuses' ? s.handler.statuses : [];
      // A signal other than KILL and the stop signal gets its row when the handler lists it too.
      const offered =
        s.ending === 'outside-hup' ? listed.includes('HUP') : !(s.ending === 'exitN' || s.ending === 'start-limit') || listed.includes(String(s.status)) || s.status === 1;
      if (simName && sim === undefined && offered) miss(s, 'simulation', `simulation row "${simName}"`, 'present', 'missing');
      else if (sim !== undefined && (sim === 'acts') !== t.handlerActed) miss(s, 'simulation', `simulation "${simName}" says`, t.handlerActed ? 'acts' : 'no', sim);
    }

    const byUnit = new Map(truths.map((t) => [t.scenario.unit, t]));
    const names = list.map((s) => s.unit);
    const compareAll = (learning: Learning, observe: (t: Truth) => Observed) => {
      for (const t of truths) {
        if (!learningsFor(t.scenario, t.restarted).includes(learning)) continue;
        covered.add(`${t.scenario.ending}/${learning}`);
        compare(t, learning, observe(t), miss);
      }
    };

    // Live: the rows on the TUI's screen (it has watched since before the units existed), then
    // again after D (a daemon-reload from the TUI).
    const compareScreen = async (label: string) => {
      await new Promise((r) => setTimeout(r, 500));
      const screen = await tui!.waitForScreen((sc) => !/ … +… /.test(sc) && / · live · /.test(sc), 'the TUI with every row read', 15_000).catch(async () => tui!.capture());
      const rows = screenRows(screen);
      compareAll('live', (t) => {
        const r = rows.get(t.scenario.unit);
        return r ? { listed: true, lastExit: r.lastExit, stopReason: r.stopReason, since: undefined, rowOnly: true, label } : { listed: false, rowOnly: true, label };
      });
    };
    await compareScreen('on screen');
    await tui.send('D');
    await tui.waitForScreen((sc) => /Reload the manager \(daemon-reload\)\?|daemon-reload\): done/.test(sc), 'D', 10_000).catch(() => undefined);
    if (/Reload the manager \(daemon-reload\)\?/.test(await tui.capture())) await tui.send('y');
    await tui.waitForScreen((sc) => /daemon-reload\): done/.test(sc), 'the reload done', 15_000).catch(() => undefined);
    await compareScreen('on screen after D');

    // Fresh commands: with and without the journal, and after a daemon-reload.
    const viaCli = async (learning: Learning, env: Record<string, string>, journal: string) => {
      const listed = await svctui(sb, ['--journal-dir', journal, 'list', '--all', '--files', '--json', ...names], env);
      const hist = await svctui(sb, ['--journal-dir', journal, 'history', '--json', ...names], env);
      let rowsJson: RowJson[] = [];
      let histJson: { unit: string; runs: RunJson[]; next: Observed['next'] }[] = [];
      try {
        rowsJson = JSON.parse(String(listed.stdout)) as RowJson[];
        const h = JSON.parse(String(hist.stdout)) as typeof histJson | (typeof histJson)[number];
        histJson = Array.isArray(h) ? h : [h];
      } catch (err) {
        for (const s of list) miss(s, learning, 'json output', 'JSON', `${(err as Error).message}: ${String(listed.stderr)}${String(hist.stderr)}`);
        return;
      }
      compareAll(learning, (t) => {
        const h = histJson.find((x) => x.unit === t.scenario.unit);
        return observedFrom(
          rowsJson.find((r) => r.unit === t.scenario.unit),
          h?.runs,
          h?.next,
          t.invocation,
        );
      });
    };
    await viaCli('list-journal', { XDG_STATE_HOME: join(dir, 'state-1') }, sb.journalDir);
    if ((globalThis as { ORACLE_DEBUG?: boolean }).ORACLE_DEBUG) {
      const j = await sb.inside(['journalctl', '-o', 'json', '--no-pager', `USER_UNIT=${names[0]}`]);
      log(j.stdout.split('\n').filter(Boolean).map((l) => { const d = JSON.parse(l) as Record<string, string>; return `${d.__REALTIME_TIMESTAMP} ${d.MESSAGE_ID ?? ''} ${d.JOB_TYPE ?? ''} ${d.USER_INVOCATION_ID?.slice(0, 8) ?? ''} ${d.MESSAGE}`; }).join('\n'));
    }
    await viaCli('list-no-journal', { XDG_STATE_HOME: join(dir, 'state-2') }, emptyJournal);
    await sb.daemonReload();
    await viaCli('after-reload', { XDG_STATE_HOME: join(dir, 'state-3') }, sb.journalDir);

    // svctui ends (its store is written), then systemd collects the units that stay down.
    await tui.send('q');
    await tui.waitForExit(15_000).catch(() => undefined);
    await tui.close();
    tui = undefined;
    const collectable = truths.filter((t) => learningsFor(t.scenario, t.restarted).includes('after-gc'));
    await sb.systemctl(['stop', 'or-anchor.target']);
    const failed = collectable.filter((t) => t.activeState === 'failed').map((t) => t.scenario.unit);
    if (failed.length) await sb.systemctl(['reset-failed', ...failed]);
    await waitFor(
      async () => {
        const r = await sb.systemctl(['list-units', '--all', '--no-legend', '--plain', ...collectable.map((t) => t.scenario.unit)]);
        return r.stdout.trim() === '' ? true : undefined;
      },
      'the units to be collected',
      15_000,
    ).catch(async () => {
      // A collection that does not happen would make "after-gc" a second "list-journal": a mismatch.
      const still = (await sb.systemctl(['list-units', '--all', '--no-legend', '--plain', ...collectable.map((t) => t.scenario.unit)])).stdout;
      for (const t of collectable) if (still.includes(t.scenario.unit)) miss(t.scenario, 'setup', 'garbage collection', 'collected by systemd', 'still loaded');
    });
    await viaCli('after-gc', { XDG_STATE_HOME: join(dir, 'state-4') }, sb.journalDir);
    await viaCli('after-restart', { XDG_STATE_HOME: liveState }, emptyJournal);
    const theirs = join(dir, 'their-state');
    mkdirSync(join(theirs, 'svctui'), { recursive: true });
    chownSync(join(theirs, 'svctui'), 47999, 47999);
    await viaCli('store-unreadable', { XDG_STATE_HOME: theirs }, emptyJournal);
    void byUnit;
  } finally {
    await tui?.close();
    recorder.close();
    await sb.stop();
  }
  return { mismatches, covered };
}

/** Causes the scenario's ending and records the truth once systemd has settled. */
async function causeEnding(sb: Sandbox, s: Scenario, rec: TruthRecorder, dir: string): Promise<Truth> {
  const expect = expected(s);
  const cur = () => rec.current.get(s.unit);
  if (LONG_RUNNING.includes(s.ending)) {
    await waitFor(() => (cur()?.sub === 'running' ? true : undefined), `${s.unit} running`);
    const invocation = cur()!.invocation;
    const pid = Number((await show(sb, s.unit, ['MainPID'])).MainPID);
    switch (s.ending) {
      case 'outside-term':
        process.kill(pid, 'SIGTERM');
        break;
      case 'outside-kill':
        process.kill(pid, 'SIGKILL');
        break;
      case 'outside-hup':
        process.kill(pid, 'SIGHUP');
        break;
      case 'stop':
      case 'stop-exit0':
      case 'stop-timeout':
        await sb.systemctl(['stop', s.unit]);
        break;
      case 'restart':
        await sb.systemctl(['restart', s.unit]);
        break;
      case 'systemctl-kill':
        await sb.systemctl(['kill', s.unit]);
        break;
      case 'target-stop':
        await sb.systemctl(['stop', groupTarget(s)]);
        break;
      case 'watchdog':
        break;
    }
    // The run ended when its exit arrived.
    await waitFor(() => (rec.history.get(s.unit)?.some((x) => x.invocation === invocation && x.exitUs > 0n) ? true : undefined), `${s.unit}: the run to end`);
  } else {
    const ended = () => (rec.endedRun(s.unit) && ['inactive', 'failed', 'activating', 'active'].includes(cur()?.active ?? '') && (rec.endedRun(s.unit)!.exitUs > 0n || s.ending === 'condition') ? true : undefined);
    // (Every few seconds, systemctl's view too, in case the monitor missed the signal.)
    let tries = 0;
    await waitFor(async () => ended() ?? (++tries % 60 === 0 ? (await rec.poll(sb, s.unit), ended()) : undefined), `${s.unit}: its run to end`);
  }
  // Give systemd the time to restart it (or not): the truth is what it did.
  const settleMs = s.ending === 'start-limit' ? 3000 : s.shape.restartSec + 1500;
  await new Promise((r) => setTimeout(r, settleMs));
  await waitFor(async () => ((await show(sb, s.unit, ['Job'])).Job === '' ? true : undefined), `${s.unit}: no job`, 10_000).catch(() => undefined);
  const ended = rec.endedRun(s.unit, s.ending === 'start-limit' ? 'last' : 'first')!;
  // Whether the kernel wrote a core is up to it (limits, core_pattern): systemd's report decides.
  if (s.ending === 'core' && ended.code === 2) Object.assign(expect, { lastExit: 'SIGSEGV', stopReason: 'signal', vars: { result: 'signal', code: 'killed', status: 'SEGV' } });
  const now = await show(sb, s.unit, ['InvocationID', 'ActiveState', 'SubState', 'StateChangeTimestamp']);
  const restarted = now.InvocationID !== '' && now.InvocationID !== ended.invocation;
  void dir;
  return {
    scenario: s,
    expect,
    invocation: ended.invocation,
    begunUs: ended.begunUs ?? ended.startUs,
    startUs: ended.startUs,
    exitUs: ended.exitUs,
    sinceUs: rec.current.get(s.unit)?.stateChangeUs ?? 0n,
    restarted: s.ending === 'restart' ? true : restarted,
    scheduled: now.SubState === 'auto-restart',
    activeState: now.ActiveState ?? '',
  };
}

const iso = (us: bigint) => new Date(Number(us / 1000n)).toISOString();
const near = (a: string | null | undefined, us: bigint, toleranceMs: number) => a !== null && a !== undefined && Math.abs(Date.parse(a) - Number(us / 1000n)) <= toleranceMs;

interface Unknowable {
  exit: boolean;
  reason: boolean;
  endedBy: boolean;
  /** When the run ended (and so its duration and the row's SINCE). */
  end: boolean;
  /** When the run began (the journal's "Starting…" can be missing: rate limits). */
  start: boolean;
  /** The run itself may be missing. */
  run: boolean;
}

/** What decides which rules apply to a truth. */
interface Facts {
  /** Systemd still has the ended run on D-Bus (not collected, not replaced by a new run). */
  inDbus: boolean;
  /** The run ended cleanly (exit 0, a SuccessExitStatus, SIGTERM, SIGHUP, a stop): logged at debug only. */
  cleanExit: boolean;
  /** A clean end that no job caused (no "Stopping…" record either). */
  cleanWithoutJob: boolean;
  /** Only the job records tell the reason (a clean end, the start limit, a stop timeout). */
  jobDecides: boolean;
}

const JOURNAL_LEARNINGS: Learning[] = ['list-journal', 'after-reload', 'after-gc'];

/**
 * Where svctui may honestly say "?"/"unknown", and why: a named rule each. Anything not listed
 * here must be exact. Watching live (the TUI) and svctui's own store after a restart know everything.
 */
export const UNKNOWABLE: { name: string; why: string; applies: (l: Learning, f: Facts) => boolean; fields: (keyof Unknowable)[] }[] = [
  {
    name: 'nothing to read',
    why: 'the unit was collected, the journal is not read and the store cannot be read: no source has the run',
    applies: (l) => l === 'store-unreadable',
    fields: ['exit', 'reason', 'endedBy', 'end', 'start', 'run'],
  },
  {
    name: 'no journal, forgotten by systemd',
    why: 'without the journal, once systemd collected the unit or started a new run, only the store of an svctui that watched could know, and this one has none',
    applies: (l, f) => l === 'list-no-journal' && !f.inDbus,
    fields: ['exit', 'reason', 'end', 'start', 'run'],
  },
  {
    name: 'no journal, a job may have ended it',
    why: 'D-Bus never says whether a stop job ended a run: without the journal, a clean end, the start limit or a stop timeout cannot be told from their look-alikes',
    applies: (l, f) => l === 'list-no-journal' && f.jobDecides,
    fields: ['reason'],
  },
  {
    name: 'no journal, who ended it',
    why: "ENDED BY comes from the job records, which only the journal or watching live have",
    applies: (l) => l === 'list-no-journal',
    fields: ['endedBy'],
  },
  {
    name: 'collected after a clean exit',
    why: 'systemd logs a clean exit (exit 0, SIGTERM, SIGHUP…) at debug level only: once the unit is collected the journal has no exit status',
    applies: (l, f) => JOURNAL_LEARNINGS.includes(l) && !f.inDbus && f.cleanExit,
    fields: ['exit'],
  },
  {
    name: 'collected after a clean end that no job caused',
    why: 'nothing at info level records it: no exit, no job, and "Deactivated successfully" is debug on the 252 user manager',
    applies: (l, f) => JOURNAL_LEARNINGS.includes(l) && !f.inDbus && f.cleanWithoutJob,
    fields: ['reason', 'endedBy', 'end'],
  },
  {
    name: 'collected: when it began',
    why: "the journal's \"Starting…\" can be missing (rate limits), and D-Bus has forgotten the run",
    applies: (l, f) => JOURNAL_LEARNINGS.includes(l) && !f.inDbus,
    fields: ['start'],
  },
];

function unknowable(learning: Learning, t: Truth): Unknowable {
  const s = t.scenario;
  const e = s.ending;
  const clean = ['exit0', 'stop', 'stop-exit0', 'restart', 'target-stop', 'outside-term', 'outside-hup', 'systemctl-kill'].includes(e) || (e === 'exitN' && s.shape.successExitStatus === s.status);
  const byJob = ['stop', 'stop-exit0', 'restart', 'target-stop', 'stop-timeout'].includes(e);
  const facts: Facts = {
    inDbus: !t.restarted && e !== 'restart' && learning !== 'after-gc',
    cleanExit: clean || e === 'start-timeout',
    cleanWithoutJob: clean && !byJob,
    jobDecides: clean || e === 'start-limit' || e === 'stop-timeout',
  };
  const u: Unknowable = { exit: false, reason: false, endedBy: false, end: false, start: false, run: false };
  for (const rule of UNKNOWABLE) if (rule.applies(learning, facts)) for (const f of rule.fields) u[f] = true;
  return u;
}

function compare(t: Truth, learning: Learning, o: Observed, miss: (s: Scenario, l: Learning, field: string, exp: string, shown: string) => void): void {
  const s = t.scenario;
  const e = t.expect;
  const u = unknowable(learning, t);
  const at = o.label ? ` (${o.label})` : '';
  if (!o.listed) {
    if (!u.run) miss(s, learning, `listed${at}`, 'a row', 'no row');
    return;
  }
  // The row describes the unit now: a unit that systemd restarted is running its new run.
  if (!t.restarted) {
    if (o.lastExit !== e.lastExit && !(u.exit && o.lastExit === '?')) miss(s, learning, `LAST EXIT${at}`, e.lastExit, String(o.lastExit));
    if (o.stopReason !== e.stopReason && !(u.reason && UNKNOWN_REASON.test(o.stopReason ?? ''))) miss(s, learning, `STOP REASON${at}`, e.stopReason, String(o.stopReason));
    // (The screen's SINCE is an age: the command line's timestamps are compared instead.)
    if (!o.rowOnly && !(u.end && (o.since === null || o.since === undefined)) && !near(o.since, t.sinceUs, 1500)) miss(s, learning, 'SINCE', iso(t.sinceUs), String(o.since));
  } else if (s.ending !== 'restart' && !t.scheduled) {
    // Running again; a oneshot's new run has already exited 0.
    const oneshot = s.shape.type === 'oneshot';
    const want = oneshot ? 'exited' : '-';
    const ok = o.stopReason === want || (oneshot && learning === 'list-no-journal' && o.stopReason === 'exited?');
    if (!ok) miss(s, learning, `STOP REASON (running again)${at}`, want, String(o.stopReason));
  }
  if (o.rowOnly) return;
  // The ended run, as the history (and the detail pane's Runs) shows it.
  const r = o.run;
  if (!r) {
    if (!u.run) miss(s, learning, 'run', `invocation ${t.invocation.slice(0, 12)}`, 'missing');
    return;
  }
  if (r.lastExit !== e.lastExit && !(u.exit && r.lastExit === '?')) miss(s, learning, 'run LAST EXIT', e.lastExit, r.lastExit);
  if (r.stopReason !== e.stopReason && !(u.reason && UNKNOWN_REASON.test(r.stopReason))) miss(s, learning, 'run STOP REASON', e.stopReason, r.stopReason);
  if (r.endedBy !== e.endedBy && !(u.endedBy && r.endedBy === null)) miss(s, learning, 'run ENDED BY', String(e.endedBy), String(r.endedBy));
  // A run starts when systemd begins it (the journal's "Starting…") or when its main process starts (D-Bus).
  const started = r.start === null ? NaN : Date.parse(r.start) * 1000;
  const from = Number(t.begunUs < t.startUs ? t.begunUs : t.startUs) - 100_000;
  if (t.startUs > 0n && !(u.start && r.start === null) && !(started >= from && started <= Number(t.startUs) + 100_000)) miss(s, learning, 'run STARTED', `${iso(t.begunUs)} … ${iso(t.startUs)}`, String(r.start));
  if (t.exitUs > 0n && !(u.end && r.end === null) && !near(r.end, t.exitUs, 1500)) miss(s, learning, 'run ended', iso(t.exitUs), String(r.end));
  if (t.startUs > 0n && t.exitUs > 0n && r.durationMs === null && !u.end && !(u.start && r.start === null)) miss(s, learning, 'run DURATION', `${Number((t.exitUs - t.startUs) / 1000n)}ms`, 'null');
  // What systemd does next: observed (it restarted it, or has one scheduled now) against the prediction.
  if (!t.restarted && o.next !== undefined && o.next !== null && s.ending !== 'condition') {
    if (o.next.restarts !== t.scheduled) miss(s, learning, 'Next', t.scheduled ? 'a restart' : 'no restart', o.next.text);
  }
}
