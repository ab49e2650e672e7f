// A probe for finding where start-up time and memory go (not part of npm run bench): boots N bench
// units once, then per round runs svctui, optionally svctui with other settings, and bare Ink, each
// in a pseudo-terminal, and prints the medians of their phase marks (see src/benchMark.ts) and peak
// RSS. Interleaved rounds make the comparison fair on a noisy machine.
// BENCH_N (1000), BENCH_RUNS (5), BENCH_SETTLE_MS (1500), BENCH_NODE_FLAGS (e.g. --cpu-prof),
// BENCH_ALT_ENV ("NAME=value ..." for a second svctui variant), BENCH_VERBOSE (every run's marks).
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTerminal } from '../test/helpers/tmux.js';
import { bootUnits, bundleBareInk, marks, median, parseMark, rssMb, sleep, svctuiCommand, svctuiPid, waitFor } from './common.js';

const N = Number(process.env.BENCH_N ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1500);
const FLAGS = process.env.BENCH_NODE_FLAGS ?? '';
const ALT_ENV = Object.fromEntries((process.env.BENCH_ALT_ENV ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const work = join(tmpdir(), `svctui-timeline-${process.pid}`);
mkdirSync(work, { recursive: true });

const phases = new Map<string, number[]>();
const record = (variant: string, label: string, ms: number) => phases.set(`${variant} ${label}`, [...(phases.get(`${variant} ${label}`) ?? []), ms]);

const bareInk = await bundleBareInk(work);
const sb = await bootUnits(N);

async function runSvctui(variant: string, env: Record<string, string>, run: number): Promise<void> {
  const markFile = join(work, `marks-${variant}-${run}`);
  const command = svctuiCommand(sb);
  const term = await openTerminal(command, { columns: 120, rows: 40 }, { XDG_STATE_HOME: join(work, 'state'), SVCTUI_BENCH_MARK: markFile, ...env });
  try {
    const pid = await waitFor(async () => (await svctuiPid(sb)) || undefined, 'the svctui process', 10_000);
    const samples: { at: number; rss: number }[] = [];
    const t0 = performance.timeOrigin + performance.now();
    while (performance.timeOrigin + performance.now() - t0 < SETTLE_MS) {
      try {
        samples.push({ at: performance.timeOrigin + performance.now(), rss: rssMb(pid) });
      } catch {
        break;
      }
      await sleep(20);
    }
    const ms = marks(markFile).map(parseMark);
    const seen = new Set<string>();
    for (const m of ms) if (!seen.has(m.label)) seen.add(m.label) && record(variant, m.label, m.sinceStart);
    record(variant, 'peak RSS (MB)', Math.max(...samples.map((s) => s.rss)));
    if (!process.env.BENCH_VERBOSE) return;
    process.stdout.write(`${variant} run ${run + 1}: N=${N}\n`);
    for (const m of ms.filter((x) => x.label !== 'frame' || x.sinceStart < 3000).slice(0, 30)) {
      const rss = samples.filter((s) => s.at <= m.at).at(-1)?.rss;
      process.stdout.write(`  ${m.sinceStart.toFixed(1).padStart(8)} ms  ${m.label.padEnd(22)} rss≈${rss?.toFixed(0) ?? '?'} MB  ${m.text.join(' ').slice(0, 100)}\n`);
    }
  } finally {
    await term.close();
  }
}

async function runBareInk(run: number): Promise<void> {
  const markFile = join(work, `bare-${run}`);
  const term = await openTerminal(`${process.execPath} ${FLAGS} ${bareInk}`, { columns: 120, rows: 40 }, { SVCTUI_BENCH_MARK: markFile });
  try {
    await waitFor(() => marks(markFile).map(parseMark).find((m) => m.label === 'first-frame'), 'the bare Ink frame', 10_000);
    for (const m of marks(markFile).map(parseMark)) record('bare-ink', m.label, m.sinceStart);
  } finally {
    await term.close();
  }
}

try {
  for (let run = 0; run < RUNS; run++) {
    await runSvctui('svctui', {}, run);
    if (Object.keys(ALT_ENV).length) await runSvctui('alt', ALT_ENV, run);
    await runBareInk(run);
  }
  process.stdout.write(`medians over ${RUNS} rounds (ms since process start):\n`);
  const rows = [...phases].sort((a, b) => median(a[1]) - median(b[1]));
  for (const [label, xs] of rows) process.stdout.write(`  ${label.padEnd(32)} ${median(xs).toFixed(1).padStart(8)}\n`);
} finally {
  await sb.stop();
  rmSync(work, { recursive: true, force: true });
}
