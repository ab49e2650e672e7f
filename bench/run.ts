// npm run bench: svctui against systemctl and a bare Ink program, on a sandboxed manager with N units.
// Measures first frame, update latency, idle CPU, peak RSS and a restart storm, all from the real
// binary in a pseudo-terminal (tmux). Writes a table to stdout and JSON to bench/results/.
import { execa } from 'execa';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, hostname, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTerminal, type Terminal } from '../test/helpers/tmux.js';
import type { Sandbox } from '../src/host/sandbox/sandbox.js';
import { measureCli, type CliResult } from './cli.js';
import { bootUnits, bundleBareInk, cpuTicks, marks, median, nowMs, parseMark, pct, peakRssMb, rssMb, ROOT, sleep, svctuiCommand, svctuiPid, waitFor } from './common.js';

const SIZES = (process.env.BENCH_N ?? '100,1000,3000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 30);
const STORM = Number(process.env.BENCH_STORM ?? 300);
const STORM_RUNS = Number(process.env.BENCH_STORM_RUNS ?? 5);
const work = join(tmpdir(), `svctui-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

async function timeFirstFrame(command: string, env: Record<string, string>, markFile: string, waitForPeakRss = false): Promise<{ ms: number; peakRssMb?: number }> {
  rmSync(markFile, { force: true });
  const term = await openTerminal(command, { columns: 120, rows: 40 }, { ...env, SVCTUI_BENCH_MARK: markFile });
  try {
    const line = await waitFor(() => marks(markFile).find((l) => l.startsWith('first-frame ')), 'a first frame', 30_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\n--- screen ---\n${await term.capture()}`);
    });
    // Bare Ink draws once and ends, saying its peak RSS as it goes.
    const rss = waitForPeakRss ? await waitFor(() => marks(markFile).map(parseMark).find((m) => m.label === 'peak-rss'), 'bare Ink to end', 5_000).catch(() => undefined) : undefined;
    return { ms: parseMark(line).sinceStart, peakRssMb: rss ? Number(rss.text[0]) : undefined };
  } finally {
    await term.close();
  }
}

async function timeSystemctl(sb: Sandbox): Promise<number> {
  const t0 = nowMs();
  await execa('systemctl', ['--user', '--no-pager', 'list-units', '--all'], { env: sb.env, stdout: 'ignore' });
  return nowMs() - t0;
}

interface SizeResult {
  n: number;
  /** executable: the single executable's (npm run package), when it is built. */
  firstFrameMs: { svctui: number; systemctl: number; bareInk: number; ratioToInk: number; ratioToSystemctl: number; executable?: number };
  /** From the systemctl command to the frame, and from systemd's own state change to the frame. */
  updateLatencyMs: { p50: number; p95: number; samples: number; fromChangeP50: number; fromChangeP95: number };
  /** Idle, no text on screen in seconds (the ages step by minutes: a frame a quarter minute at most). */
  idleCpuPercent: number;
  /** Idle while ages in seconds are on screen (a frame a second, by design). */
  idleYoungCpuPercent: number;
  peakRssMb: number;
  /** Bare Ink's peak RSS: the yardstick for svctui's. */
  bareInkPeakRssMb: number;
  /** Resident memory before a 2,100-row pane, while it is that tall, and 15 s after it shrinks back to 40. */
  tallPane?: { beforeMb: number; tallMb: number; afterMb: number; ratio: number };
  storm?: { units: number; keyToFrameMs: { p50: number; p95: number; samples: number }; readToFrameMs: { p50: number; p95: number; samples: number }; allTrue: boolean; mismatches: string[]; p95Runs?: number[] };
  /** The command line against systemctl on the same manager: list --all and status UNIT. */
  cli: Omit<CliResult, 'n'>;
}

async function measure(n: number, bareInk: string): Promise<SizeResult> {
  process.stderr.write(`bench: N=${n}: booting units…\n`);
  const sb = await bootUnits(n);
  const bootedAt = nowMs();
  try {
    const env = { XDG_STATE_HOME: join(work, `state-${n}`) };
    const sv: number[] = [];
    const sc: number[] = [];
    const ink: number[] = [];
    const inkRss: number[] = [];
    const exe = join(ROOT, `dist/svctui-linux-${arch()}`);
    const exeFrames: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      sv.push((await timeFirstFrame(svctuiCommand(sb), env, join(work, 'mark-svctui'))).ms);
      if (existsSync(exe)) exeFrames.push((await timeFirstFrame(`${exe} --user --bus-address ${sb.busAddress} --journal-dir ${sb.journalDir} 'bench*'`, env, join(work, 'mark-exe'))).ms);
      sc.push(await timeSystemctl(sb));
      const bare = await timeFirstFrame(`${process.execPath} ${bareInk}`, {}, join(work, 'mark-ink'), true);
      ink.push(bare.ms);
      if (bare.peakRssMb) inkRss.push(bare.peakRssMb);
    }
    process.stderr.write(`bench: N=${n}: first frame done\n`);
    const cli = await measureCli(sb, RUNS);
    process.stderr.write(`bench: N=${n}: command line done (list ${cli.list.ratio.toFixed(1)}×, status ${cli.status.ratio.toFixed(1)}× systemctl)\n`);

    // A long-running svctui for updates, idle cost, memory and the storm.
    const markFile = join(work, `marks-${n}`);
    rmSync(markFile, { force: true });
    const term: Terminal = await openTerminal(svctuiCommand(sb), { columns: 120, rows: 40 }, { ...env, SVCTUI_BENCH_MARK: markFile });
    try {
      await waitFor(() => marks(markFile).some((l) => l.startsWith('first-frame')), 'svctui to start');
      await sleep(2000); // facts and history fill in
      const pid = await svctuiPid(sb);
      const memory = (phase: string) => process.stderr.write(`bench: N=${n}: peak RSS ${peakRssMb(pid).toFixed(0)} MB after ${phase}\n`);
      memory('start');

      const latencies: number[] = [];
      const arrivals: number[] = [];
      const fromChange: number[] = [];
      const arrivalFromChange: number[] = [];
      for (let i = 0; i < CHANGES; i++) {
        const unit = `bench@${i % n}.service`;
        const action = (await sb.systemctl(['is-active', unit])).stdout.trim() === 'active' ? 'stop' : 'start';
        const want = action === 'stop' ? `${unit}=inactive/dead` : `${unit}=active/running`;
        // A stopped instance may leave the list (garbage-collected) before a frame showed it dead.
        const wanted = (t: string) => t.includes(want) || (action === 'stop' && t.includes(`${unit}=gone`));
        const before = marks(markFile).length;
        const t0 = nowMs();
        await execa('systemctl', ['--user', action, '--no-block', unit], { env: sb.env });
        const frame = await waitFor(() => marks(markFile).slice(before).map(parseMark).find((m) => m.label === 'frame' && m.text.some(wanted)), `the frame with ${want}`);
        latencies.push(frame.at - t0);
        const received = marks(markFile).slice(before).map(parseMark).find((m) => m.label === 'state-received' && m.text.includes(want));
        if (received) arrivals.push(received.at - t0);
        // From when systemd itself changed the unit's state (its StateChangeTimestamp, realtime µs,
        // as the signal carried it): the latency svctui adds.
        const changedUs = Number(received?.text.find((t) => t.startsWith('changed-at-us='))?.slice('changed-at-us='.length));
        if (changedUs > 0) fromChange.push(frame.at - changedUs / 1000);
        if (process.env.BENCH_TRACE && changedUs > 0) process.stderr.write(`  change ${i} ${unit} ${action}: ${(frame.at - changedUs / 1000).toFixed(1)} ms from the change\n`);
        if (changedUs > 0 && received) arrivalFromChange.push(received.at - changedUs / 1000);
        if (process.env.BENCH_TRACE === 'all') for (const m of marks(markFile).slice(before).map(parseMark)) process.stderr.write(`  +${(m.at - t0).toFixed(1)} ${m.label} ${m.text.join(' ').slice(0, 80)}\n`);
      }
      process.stderr.write(`bench: N=${n}: updates done (the change reached svctui's UI thread after p50/p95 ${pct(arrivals, 0.5).toFixed(1)}/${pct(arrivals, 0.95).toFixed(1)} ms from the command, ${pct(arrivalFromChange, 0.5).toFixed(1)}/${pct(arrivalFromChange, 0.95).toFixed(1)} ms from systemd's change)\n`);

      memory('updates');
      let storm: SizeResult['storm'];
      if (n >= STORM) {
        const units = Array.from({ length: STORM }, (_, i) => `bench@${i}.service`);
        const runs: NonNullable<SizeResult['storm']>[] = [];
        let keysSent = 0;
        for (let run = 0; run < STORM_RUNS; run++) {
          const keyTimes: number[] = [];
          const before = marks(markFile).length;
          const restart = execa('systemctl', ['--user', 'restart', ...units], { env: sb.env, reject: false });
          for (let i = 0; i < 40; i++) {
            // Stamped when tmux has written the key to svctui's terminal (tmux send-keys returned):
            // starting the tmux client itself can take 100 ms on a machine this busy.
            await term.send(i % 2 ? 'k' : 'j');
            keyTimes.push(nowMs());
            await sleep(50);
          }
          await restart;
          const restartMs = nowMs() - keyTimes[0]!;
          await sleep(1000);
          const keyFrames = marks(markFile)
            .slice(before)
            .map(parseMark)
            .filter((m) => m.label === 'key-frame')
            .map((m) => ({ at: m.at, count: Number(m.text[0]) }));
          // svctui counts key presses from its start: key i of this storm (from 1) is on screen in
          // the first frame whose count reached the keys sent before it plus i (keys read together,
          // as a busy machine delivers them, share a frame). From when tmux sent it, and from when
          // svctui read it (its own share; the rest is tmux and the kernel delivering it).
          const received = marks(markFile).slice(before).map(parseMark).filter((m) => m.label === 'key-received');
          const keyLatency: number[] = [];
          const keyInSvctui: number[] = [];
          keyTimes.forEach((sent, i) => {
            const frame = keyFrames.find((f) => f.count >= keysSent + i + 1);
            if (!frame) return;
            keyLatency.push(Math.max(0, frame.at - sent));
            if (received[i]) keyInSvctui.push(Math.max(0, frame.at - received[i]!.at));
          });
          keysSent += keyTimes.length;
          if (process.env.BENCH_TRACE) {
            process.stderr.write(`  the restart of ${STORM} units ended ${restartMs.toFixed(0)} ms after the first key\n`);
            if (process.env.SVCTUI_BENCH_TRACE) {
              const stalls = marks(markFile).slice(before).map(parseMark).filter((m) => m.label === 'loop-late' || m.label === 'write-blocked' || m.label === 'written');
              process.stderr.write(`  stalls: ${stalls.map((m) => `${m.label}@${(m.at - keyTimes[0]!).toFixed(0)}:${m.text.join(' ')}`).join(', ') || 'none'}\n`);
            }
            process.stderr.write(`  keys (n: read/on screen, ms after tmux sent it): ${keyTimes.map((t, i) => `${i + 1}:${received[i] ? (received[i]!.at - t).toFixed(0) : '?'}/${keyLatency[i]?.toFixed(0) ?? '?'}`).join(' ')}\n`);
          }
          // Every unit's last state on screen must be its true state.
          const shown = new Map<string, string>();
          for (const m of marks(markFile).map(parseMark).filter((x) => x.label === 'frame')) for (const c of m.text) shown.set(c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1));
          const truth = await sb.systemctl(['list-units', '--all', '--plain', '--no-legend', 'bench@*']);
          const mismatches: string[] = [];
          for (const line of truth.stdout.split('\n').filter(Boolean)) {
            const [name, , active, sub] = line.trim().split(/\s+/);
            if (name && shown.get(name) !== `${active}/${sub}`) mismatches.push(`${name}: screen ${shown.get(name)}, systemd ${active}/${sub}`);
          }
          runs.push({ units: STORM, keyToFrameMs: { p50: pct(keyLatency, 0.5), p95: pct(keyLatency, 0.95), samples: keyLatency.length }, readToFrameMs: { p50: pct(keyInSvctui, 0.5), p95: pct(keyInSvctui, 0.95), samples: keyInSvctui.length }, allTrue: mismatches.length === 0, mismatches: mismatches.slice(0, 10) });
          process.stderr.write(`bench: N=${n}: storm ${run + 1} of ${STORM_RUNS}: key p95 ${runs.at(-1)!.keyToFrameMs.p95.toFixed(0)} ms\n`);
          await sleep(2000);
        }
        // The median run's numbers, every run's p95 beside them (the target is for each run).
        const byP95 = [...runs].sort((a, b) => a.keyToFrameMs.p95 - b.keyToFrameMs.p95);
        storm = { ...byP95[Math.floor(byP95.length / 2)]!, p95Runs: runs.map((r) => r.keyToFrameMs.p95), allTrue: runs.every((r) => r.allTrue), mismatches: runs.flatMap((r) => r.mismatches).slice(0, 10) };
      }
      if (storm) memory('the storm');
      const rss = peakRssMb(pid);
      // A pane made very tall, then small again: memory sized to the tallest screen ever seen must
      // be given back. Current RSS (VmRSS), not the peak.
      await sleep(3000);
      const beforeMb = rssMb(pid);
      const shownRows = async () => (await term.capture()).split('\n').filter((l) => l.includes('bench')).length;
      await term.resize(120, 2100);
      await waitFor(async () => (await shownRows()) > 40, 'a frame at 2,100 rows', 30_000);
      await sleep(1000);
      const tallMb = rssMb(pid);
      await term.resize(120, 40);
      await waitFor(async () => (await shownRows()) < 40, 'a frame at 40 rows again', 30_000);
      // svctui collects once the size has settled (1.5 s); V8 hands the pages back over seconds.
      await sleep(15_000);
      const afterMb = rssMb(pid);
      const tallPane = { beforeMb, tallMb, afterMb, ratio: afterMb / beforeMb };
      // Idle as on a server: the changed units are off screen, and no text on screen shows
      // seconds. The sandbox's units all started at its boot: the list shows seconds for a minute,
      // the pane's "since …; 1min 5s ago" for five (systemctl's format), and then a minute's steps.
      await sleep(Math.max(0, bootedAt + 305_000 - nowMs()));
      const cpuOver = async (seconds: number) => {
        const ticks0 = cpuTicks(pid);
        await sleep(seconds * 1000);
        return ((cpuTicks(pid) - ticks0) / 100 / seconds) * 100;
      };
      const idle = await cpuOver(IDLE_SECONDS);
      // And while ages under a minute are on screen: the first ten failed units (the top rows, the
      // first of them selected) run and fail again; their ages and the pane's change every second.
      await sb.systemctl(['restart', ...Array.from({ length: Math.min(10, Math.max(1, n / 20)) }, (_, i) => `benchfail@${i}.service`)]);
      await sleep(1000);
      const idleYoung = await cpuOver(IDLE_SECONDS);
      process.stderr.write(`bench: N=${n}: idle CPU ${idle.toFixed(2)} % (no text on screen in seconds), ${idleYoung.toFixed(2)} % (ages in seconds on screen)\n`);

      process.stderr.write(`bench: N=${n}: RSS ${beforeMb.toFixed(0)} MB, ${tallMb.toFixed(0)} MB at 2,100 rows, ${afterMb.toFixed(0)} MB back at 40 rows\n`);
      const s = median(sv);
      const i = median(ink);
      const c = median(sc);
      return {
        n,
        firstFrameMs: { svctui: s, systemctl: c, bareInk: i, ratioToInk: s / i, ratioToSystemctl: s / c, ...(exeFrames.length ? { executable: median(exeFrames) } : {}) },
        updateLatencyMs: { p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), samples: latencies.length, fromChangeP50: pct(fromChange, 0.5), fromChangeP95: pct(fromChange, 0.95) },
        idleCpuPercent: idle,
        idleYoungCpuPercent: idleYoung,
        peakRssMb: rss,
        bareInkPeakRssMb: median(inkRss),
        tallPane,
        storm,
        cli,
      };
    } finally {
      // Quit as a user would, so that --cpu-prof/--heap-prof (BENCH_NODE_FLAGS) write their files.
      await term.send('q').catch(() => undefined);
      await waitFor(async () => !(await svctuiPid(sb).catch(() => 0)), 'svctui to quit', 5_000).catch(() => undefined);
      await term.close();
    }
  } finally {
    await sb.stop();
  }
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

async function main() {
  const bareInk = await bundleBareInk(work);
  const results: SizeResult[] = [];
  try {
    for (const n of SIZES) results.push(await measure(n, bareInk));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const small = results.find((r) => r.n === Math.min(...SIZES));
  const large = results.find((r) => r.n === Math.max(...SIZES));
  const rows = [
    ['N', 'first frame svctui', 'systemctl', 'bare Ink', 'svctui/Ink', 'update p50/p95 (command)', 'update p50/p95 (change)', 'idle CPU (ages in seconds)', 'peak RSS (bare Ink)', 'storm key p50/p95 (in svctui)', 'storm true'],
    ...results.map((r) => [
      String(r.n),
      `${fmt(r.firstFrameMs.svctui)} ms`,
      `${fmt(r.firstFrameMs.systemctl)} ms`,
      `${fmt(r.firstFrameMs.bareInk)} ms`,
      fmt(r.firstFrameMs.ratioToInk, 2),
      `${fmt(r.updateLatencyMs.p50)}/${fmt(r.updateLatencyMs.p95)} ms`,
      `${fmt(r.updateLatencyMs.fromChangeP50)}/${fmt(r.updateLatencyMs.fromChangeP95)} ms`,
      `${fmt(r.idleCpuPercent, 2)} % (${fmt(r.idleYoungCpuPercent, 2)} %)`,
      `${fmt(r.peakRssMb)} MB (${fmt(r.bareInkPeakRssMb)})`,
      r.storm ? `${fmt(r.storm.keyToFrameMs.p50)}/${fmt(r.storm.keyToFrameMs.p95)} ms (${fmt(r.storm.readToFrameMs.p50)}/${fmt(r.storm.readToFrameMs.p95)}); p95 of each run ${(r.storm.p95Runs ?? []).map((x) => fmt(x, 0)).join(', ')}` : '-',
      r.storm ? (r.storm.allTrue ? 'yes' : `no (${r.storm.mismatches.length})`) : '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
  process.stdout.write('\ncommand line vs systemctl (wall, peak RSS):\n');
  for (const r of results) {
    const c = r.cli;
    process.stdout.write(
      `N=${r.n}: list --all ${fmt(c.list.svctuiMs)} ms vs ${fmt(c.list.systemctlMs)} ms (${fmt(c.list.ratio)}×), ${fmt(c.list.svctuiRssMb)} MB vs ${fmt(c.list.systemctlRssMb)} MB; status ${fmt(c.status.svctuiMs)} ms vs ${fmt(c.status.systemctlMs)} ms (${fmt(c.status.ratio)}×), ${fmt(c.status.svctuiRssMb)} MB vs ${fmt(c.status.systemctlRssMb)} MB\n`,
    );
  }
  for (const r of results) {
    if (r.tallPane) process.stdout.write(`N=${r.n}: RSS before a 2,100-row pane ${fmt(r.tallPane.beforeMb)} MB, tall ${fmt(r.tallPane.tallMb)} MB, back at 40 rows ${fmt(r.tallPane.afterMb)} MB (${fmt(r.tallPane.ratio, 2)}×)\n`);
  }
  for (const r of results) if (r.firstFrameMs.executable !== undefined) process.stdout.write(`single executable at N=${r.n}: first frame ${fmt(r.firstFrameMs.executable)} ms (npm build ${fmt(r.firstFrameMs.svctui)} ms)${r.cli.exeList ? `, list --all ${fmt(r.cli.exeList.svctuiMs)} ms (${fmt(r.cli.exeList.systemctlMs)}), status ${fmt(r.cli.exeStatus!.svctuiMs)} ms (${fmt(r.cli.exeStatus!.systemctlMs)})` : ''}\n`);
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
