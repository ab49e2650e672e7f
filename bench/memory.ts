// Where svctui's memory is, per phase: after start, after updates, after a storm, and idle — the
// UI thread's V8 heap by space, its external and array-buffer memory, the D-Bus worker's own heap,
// and (BENCH_HEAP=1) the UI heap by constructor from a heap snapshot. Not part of npm test:
//   npm run build && node --import tsx bench/memory.ts        (BENCH_N=1000 by default)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { openTerminal } from '../test/helpers/tmux.js';
import { bootUnits, marks, parseMark, peakRssMb, rssMb, sleep, svctuiCommand, svctuiPid, waitFor } from './common.js';

const N = Number(process.env.BENCH_N ?? 1000);
const STORM = Math.min(N, 100);
const HEAP = process.env.BENCH_HEAP === '1';

interface Detail {
  phase: string;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  malloced: number;
  spaces: Record<string, number>;
  workers: { total: number; used: number; external: number; malloced: number }[];
}

/** A heap snapshot's self sizes summed by constructor (objects, closures, strings, arrays…), the largest first. */
function byConstructor(file: string, top = 12): [string, number, number][] {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const f = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [ti, ni, si] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const sums = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + ti]!]!;
    const name = type === 'object' || type === 'closure' ? `${snap.strings[snap.nodes[i + ni]!]}${type === 'closure' ? ' (closure)' : ''}` : `(${type})`;
    const e = sums.get(name) ?? { size: 0, count: 0 };
    e.size += snap.nodes[i + si]!;
    e.count++;
    sums.set(name, e);
  }
  return [...sums].sort((a, b) => b[1].size - a[1].size).slice(0, top).map(([n, e]) => [n, e.size, e.count]);
}

/** The plain objects ({…} literals) of a snapshot grouped by their property names: what they are. */
function objectShapes(file: string, top = 8): [string, number, number][] {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }; nodes: number[]; edges: number[]; strings: string[] };
  const { node_fields: f, node_types, edge_fields: ef, edge_types } = snap.snapshot.meta;
  const [ti, ni, si, ci] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size'), f.indexOf('edge_count')];
  const [eti, eni] = [ef.indexOf('type'), ef.indexOf('name_or_index')];
  const property = edge_types[0].indexOf('property');
  const shapes = new Map<string, { size: number; count: number }>();
  let edge = 0;
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const count = snap.nodes[i + ci]!;
    if (node_types[0][snap.nodes[i + ti]!] === 'object' && snap.strings[snap.nodes[i + ni]!] === 'Object') {
      const names: string[] = [];
      for (let e = edge; e < edge + count * ef.length; e += ef.length) if (snap.edges[e + eti] === property) names.push(snap.strings[snap.edges[e + eni]!]!);
      const key = `{${names.slice(0, 7).join(',')}${names.length > 7 ? ',…' : ''}}`;
      const x = shapes.get(key) ?? { size: 0, count: 0 };
      x.size += snap.nodes[i + si]!;
      x.count++;
      shapes.set(key, x);
    }
    edge += count * ef.length;
  }
  return [...shapes].sort((a, b) => b[1].count - a[1].count).slice(0, top).map(([n, e]) => [n, e.size, e.count]);
}

const work = mkdtempSync(join(tmpdir(), 'svctui-bench-memory-'));
const sb = await bootUnits(N);
try {
  const markFile = join(work, 'marks');
  const phaseFile = join(work, 'phase');
  const env = { XDG_STATE_HOME: join(work, 'state'), SVCTUI_BENCH_MARK: markFile, SVCTUI_MEMORY_PHASE_FILE: phaseFile, ...(HEAP ? { SVCTUI_HEAP_SNAPSHOT_DIR: work } : {}) };
  const term = await openTerminal(svctuiCommand(sb), { columns: 120, rows: 40 }, env);
  const details: (Detail & { peakRssMb: number; rssMb: number })[] = [];
  try {
    await waitFor(() => marks(markFile).some((l) => l.startsWith('first-frame')), 'svctui to start');
    const pid = await svctuiPid(sb);
    const phase = async (name: string) => {
      writeFileSync(phaseFile, name);
      process.kill(pid, 'SIGUSR2');
      const mark = await waitFor(() => marks(markFile).map(parseMark).find((m) => m.label === 'memory-detail' && m.text.join(' ').includes(`"phase":"${name}"`)), `the ${name} memory mark`, 120_000);
      details.push({ ...(JSON.parse(mark.text.join(' ')) as Detail), peakRssMb: peakRssMb(pid), rssMb: rssMb(pid) });
    };
    await sleep(2000);
    await phase('start');
    for (let i = 0; i < 10; i++) {
      const unit = `bench@${i}.service`;
      const active = (await sb.systemctl(['is-active', unit])).stdout.trim() === 'active';
      await execa('systemctl', ['--user', active ? 'stop' : 'start', '--no-block', unit], { env: sb.env });
      await sleep(200);
    }
    await sleep(2000);
    await phase('updates');
    await execa('systemctl', ['--user', 'restart', '--no-block', ...Array.from({ length: STORM }, (_, i) => `bench@${i}.service`)], { env: sb.env });
    await sleep(5000);
    await phase('storm');
    await sleep(15000);
    await phase('idle');
  } finally {
    await term.send('q');
    await sleep(1000);
    await term.close();
  }
  const row = (d: (typeof details)[number]) => {
    const w = d.workers.reduce((a, x) => ({ total: a.total + x.total, used: a.used + x.used }), { total: 0, used: 0 });
    const s = d.spaces;
    return `| ${d.phase} | ${d.peakRssMb.toFixed(0)} | ${d.rssMb.toFixed(0)} | ${d.heapUsed.toFixed(1)} of ${d.heapTotal.toFixed(1)} | ${(s.old_space ?? 0).toFixed(1)} / ${(s.new_space ?? 0).toFixed(1)} / ${(s.code_space ?? 0).toFixed(1)} | ${d.external.toFixed(1)} (${d.arrayBuffers.toFixed(1)}) | ${d.malloced.toFixed(1)} | ${w.used.toFixed(1)} of ${w.total.toFixed(1)} (${d.workers.length}) |`;
  };
  console.log(`N=${N} units, 120x40 terminal, node ${process.version}; MB`);
  console.log('| phase | peak RSS | RSS | UI heap used of total | old / new / code space | external (array buffers) | malloced | worker heap used of total (workers) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const d of details) console.log(row(d));
  if (HEAP) {
    for (const f of readdirSync(work).filter((x) => x.endsWith('.heapsnapshot'))) {
      console.log(`\n${f}: the UI heap by constructor (self size MB, count)`);
      for (const [name, size, count] of byConstructor(join(work, f))) console.log(`  ${(size / 2 ** 20).toFixed(2).padStart(7)}  ${String(count).padStart(7)}  ${name}`);
      console.log('  plain objects by their properties (count, self size MB):');
      for (const [shape, size, count] of objectShapes(join(work, f))) console.log(`  ${String(count).padStart(7)}  ${(size / 2 ** 20).toFixed(2).padStart(6)}  ${shape.slice(0, 110)}`);
    }
  }
} finally {
  await sb.stop();
  if (existsSync(work) && !process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
  else process.stderr.write(`kept ${work}\n`);
}
