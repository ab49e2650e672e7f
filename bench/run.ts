// npm run bench: svctui against systemctl and a bare Ink program, on a sandboxed manager with N units.
// Measures first frame, update latency, idle CPU, peak RSS and a restart storm, all from the real
// binary in a pseudo-terminal (tmux). Writes a table to stdout and JSON to bench/results/.
import { build } from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleOptions } from '../scripts/bundle.mjs';
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../src/sandbox/sandbox.js';
import { openTerminal, type Terminal } from '../test/helpers/tmux.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SIZES = (process.env.BENCH_N ?? '100,1000,3000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 30);
const STORM = Number(process.env.BENCH_STORM ?? 300);
const work = join(tmpdir(), `svctui-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))] ?? NaN;
const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

const marks = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

async function bundleBareInk(): Promise<string> {
  const out = join(work, 'bare-ink.mjs');
  await build(bundleOptions(join(ROOT, 'bench/bare-ink.tsx'), out));
  return out;
}

async function bootUnits(n: number): Promise<Sandbox> {
  const sb = await startSandbox({
    units: {
      'bench@.service': '[Unit]\nDescription=Bench instance %i\n\n[Service]\nExecStart=/bin/sleep infinity\n',
      'benchfail@.service': "[Unit]\nDescription=Bench failing %i\n\n[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`benchidle${i}.service`, '[Service]\nExecStart=/bin/true\n'])),
    },
    bootTimeoutMs: 30_000,
  });
  const names = Array.from({ length: n }, (_, i) => `bench@${i}.service`);
  for (let i = 0; i < names.length; i += 500) {
    const r = await sb.systemctl(['start', '--no-block', ...names.slice(i, i + 500)]);
    if (r.exitCode !== 0) throw new Error(`bench: starting units failed: ${r.stderr}`);
  }
  await sb.systemctl(['start', '--no-block', ...Array.from({ length: Math.max(1, n / 20) }, (_, i) => `benchfail@${i}.service`)]);
  await waitFor(async () => {
    const r = await sb.systemctl(['list-jobs', '--no-legend']);
    return r.stdout.trim() === '';
  }, 'the bench units to settle', 300_000);
  return sb;
}

async function timeFirstFrame(command: string, env: Record<string, string>, markFile: string): Promise<number> {
  rmSync(markFile, { force: true });
  const term = await openTerminal(command, { columns: 120, rows: 40 }, { ...env, SVCTUI_BENCH_MARK: markFile });
  try {
    const line = await waitFor(() => marks(markFile).find((l) => l.startsWith('first-frame ')), 'a first frame', 30_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\n--- screen ---\n${await term.capture()}`);
    });
    return Number(line.split(' ')[2]); // ms since the process started
  } finally {
    await term.close();
  }
}

async function timeSystemctl(sb: Sandbox): Promise<number> {
  const t0 = nowMs();
  await execa('systemctl', ['--user', '--no-pager', 'list-units', '--all'], { env: sb.env, stdout: 'ignore' });
  return nowMs() - t0;
}

function svctuiCommand(sb: Sandbox): string {
  return `${process.execPath} ${join(ROOT, 'bin/svctui')} --user --bus-address ${sb.busAddress} --journal-dir ${sb.journalDir} 'bench*'`;
}

async function findPid(pattern: string): Promise<number> {
  const r = await execa('pgrep', ['-f', pattern], { reject: false });
  return Number(String(r.stdout).trim().split('\n')[0]);
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface SizeResult {
  n: number;
  firstFrameMs: { svctui: number; systemctl: number; bareInk: number; ratioToInk: number; ratioToSystemctl: number };
  updateLatencyMs: { p50: number; p95: number; samples: number };
  idleCpuPercent: number;
  peakRssMb: number;
  storm?: { units: number; keyToFrameMs: { p50: number; p95: number; samples: number }; allTrue: boolean; mismatches: string[] };
}

async function measure(n: number, bareInk: string): Promise<SizeResult> {
  process.stderr.write(`bench: N=${n}: booting units…\n`);
  const sb = await bootUnits(n);
  try {
    const env = { XDG_STATE_HOME: join(work, `state-${n}`) };
    const sv: number[] = [];
    const sc: number[] = [];
    const ink: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      sv.push(await timeFirstFrame(svctuiCommand(sb), env, join(work, 'mark-svctui')));
      sc.push(await timeSystemctl(sb));
      ink.push(await timeFirstFrame(`${process.execPath} ${bareInk}`, {}, join(work, 'mark-ink')));
    }
    process.stderr.write(`bench: N=${n}: first frame done\n`);

    // A long-running svctui for updates, idle cost, memory and the storm.
    const markFile = join(work, `marks-${n}`);
    rmSync(markFile, { force: true });
    const term: Terminal = await openTerminal(svctuiCommand(sb), { columns: 120, rows: 40 }, { ...env, SVCTUI_BENCH_MARK: markFile });
    try {
      await waitFor(() => marks(markFile).some((l) => l.startsWith('first-frame')), 'svctui to start');
      await sleep(2000); // facts and history fill in
      const pid = await findPid(`^${process.execPath} ${join(ROOT, 'bin/svctui')} --user --bus-address ${sb.busAddress}`);

      const latencies: number[] = [];
      for (let i = 0; i < CHANGES; i++) {
        const unit = `bench@${i % n}.service`;
        const action = (await sb.systemctl(['is-active', unit])).stdout.trim() === 'active' ? 'stop' : 'start';
        const want = action === 'stop' ? `${unit}=inactive/dead` : `${unit}=active/running`;
        const before = marks(markFile).length;
        const t0 = nowMs();
        await execa('systemctl', ['--user', action, '--no-block', unit], { env: sb.env });
        const line = await waitFor(() => marks(markFile).slice(before).find((l) => l.startsWith('frame ') && l.split(' ').includes(want)), `the frame with ${want}`);
        latencies.push(Number(line.split(' ')[1]) - t0);
      }
      process.stderr.write(`bench: N=${n}: updates done; idle for ${IDLE_SECONDS}s\n`);

      const ticks0 = cpuTicks(pid);
      await sleep(IDLE_SECONDS * 1000);
      const idle = ((cpuTicks(pid) - ticks0) / 100 / IDLE_SECONDS) * 100;

      let storm: SizeResult['storm'];
      if (n >= STORM) {
        const units = Array.from({ length: STORM }, (_, i) => `bench@${i}.service`);
        const keyTimes: number[] = [];
        const before = marks(markFile).length;
        const restart = execa('systemctl', ['--user', 'restart', ...units], { env: sb.env, reject: false });
        for (let i = 0; i < 40; i++) {
          keyTimes.push(nowMs());
          await term.send(i % 2 ? 'k' : 'j');
          await sleep(50);
        }
        await restart;
        await sleep(1000);
        const keyFrames = marks(markFile)
          .slice(before)
          .filter((l) => l.startsWith('key-frame '))
          .map((l) => ({ at: Number(l.split(' ')[1]), count: Number(l.split(' ')[2]) }));
        const firstCount = keyFrames[0]?.count ?? 0;
        const keyLatency = keyFrames.map((f) => f.at - (keyTimes[f.count - firstCount] ?? f.at)).filter((x) => x >= 0);
        // Every unit's last state on screen must be its true state.
        const shown = new Map<string, string>();
        for (const l of marks(markFile).filter((x) => x.startsWith('frame '))) for (const c of l.split(' ').slice(2)) shown.set(c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1));
        const truth = await sb.systemctl(['list-units', '--all', '--plain', '--no-legend', 'bench@*']);
        const mismatches: string[] = [];
        for (const line of truth.stdout.split('\n').filter(Boolean)) {
          const [name, , active, sub] = line.trim().split(/\s+/);
          if (name && shown.get(name) !== `${active}/${sub}`) mismatches.push(`${name}: screen ${shown.get(name)}, systemd ${active}/${sub}`);
        }
        storm = { units: STORM, keyToFrameMs: { p50: pct(keyLatency, 0.5), p95: pct(keyLatency, 0.95), samples: keyLatency.length }, allTrue: mismatches.length === 0, mismatches: mismatches.slice(0, 10) };
      }
      const rss = peakRssMb(pid);
      const s = median(sv);
      const i = median(ink);
      const c = median(sc);
      return {
        n,
        firstFrameMs: { svctui: s, systemctl: c, bareInk: i, ratioToInk: s / i, ratioToSystemctl: s / c },
        updateLatencyMs: { p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), samples: latencies.length },
        idleCpuPercent: idle,
        peakRssMb: rss,
        storm,
      };
    } finally {
      await term.close();
    }
  } finally {
    await sb.stop();
  }
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

async function main() {
  const bareInk = await bundleBareInk();
  const results: SizeResult[] = [];
  try {
    for (const n of SIZES) results.push(await measure(n, bareInk));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const small = results.find((r) => r.n === Math.min(...SIZES));
  const large = results.find((r) => r.n === Math.max(...SIZES));
  const rows = [
    ['N', 'first frame svctui', 'systemctl', 'bare Ink', 'svctui/Ink', 'update p50', 'update p95', 'idle CPU', 'peak RSS', 'storm key p50/p95', 'storm true'],
    ...results.map((r) => [
      String(r.n),
      `${fmt(r.firstFrameMs.svctui)} ms`,
      `${fmt(r.firstFrameMs.systemctl)} ms`,
      `${fmt(r.firstFrameMs.bareInk)} ms`,
      fmt(r.firstFrameMs.ratioToInk, 2),
      `${fmt(r.updateLatencyMs.p50)} ms`,
      `${fmt(r.updateLatencyMs.p95)} ms`,
      `${fmt(r.idleCpuPercent, 2)} %`,
      `${fmt(r.peakRssMb)} MB`,
      r.storm ? `${fmt(r.storm.keyToFrameMs.p50)}/${fmt(r.storm.keyToFrameMs.p95)} ms` : '-',
      r.storm ? (r.storm.allTrue ? 'yes' : `no (${r.storm.mismatches.length})`) : '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
  if (small && large && small !== large) process.stdout.write(`first frame at N=${large.n} / N=${small.n}: ${fmt(large.firstFrameMs.svctui / small.firstFrameMs.svctui, 2)}\n`);
  const date = new Date().toISOString();
  const out = join(ROOT, 'bench/results', `${date.slice(0, 10)}.json`);
  writeFileSync(
    out,
    JSON.stringify({ date, machine: { host: hostname(), cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version }, runs: RUNS, idleSeconds: IDLE_SECONDS, results }, null, 2) + '\n',
  );
  process.stdout.write(`JSON: ${out}\n`);
}

await main();
