// npm run bench (its fleet part; alone: node --import tsx bench/fleet.ts): svctui over H hosts of
// 200 units each — system boxes reached by real ssh (ProxyCommand nsenter … sshd -i), the real
// binary in tmux. Measures the first frame with every host live, svctui's memory per additional
// host, and key → frame latency while every host changes. BENCH_FLEET=10,50 (default).
import { execa } from 'execa';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startSystemBox, type SystemBox } from '../src/host/sandbox/systemBox.js';
import { sshIntoBoxes } from '../test/helpers/boxSsh.js';
import { openTerminal } from '../test/helpers/tmux.js';
import { findPid, marks, nowMs, parseMark, pct, ROOT, rssMb, sleep, waitFor } from './common.js';

const SIZES = (process.env.BENCH_FLEET ?? '10,50').split(',').map(Number);
const UNITS_PER_HOST = Number(process.env.BENCH_FLEET_UNITS ?? 200);
const KEYS = 40;
/** Units each host restarts every second while keys are sent. */
const CHANGE_BATCH = Number(process.env.BENCH_FLEET_BATCH ?? 2);
const work = join(tmpdir(), `svctui-bench-fleet-${process.pid}`);

export interface FleetResult {
  hosts: number;
  unitsPerHost: number;
  /** From the command to the first frame whose header says every host is live. */
  allLiveMs: number;
  /** svctui's resident memory once every host is live and its facts are read. */
  rssMb: number;
  /** Key → frame while every host restarts units (from before tmux was asked to type it). */
  keyMs: { p50: number; p95: number; samples: number };
  /** From when svctui read the key to its frame: svctui's share. */
  readToFrameMs: { p50: number; p95: number };
}

/** The units of a bench host: oneshots that stay active (no process each), restarted in the storm. */
const UNITS = { 'bf@.service': '[Unit]\nDescription=Fleet bench %i\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\n' };

async function bootHost(): Promise<SystemBox> {
  const box = await startSystemBox({ units: UNITS, bootTimeoutMs: 60_000 });
  const names = Array.from({ length: UNITS_PER_HOST }, (_, i) => `bf@${i}.service`);
  const r = await box.systemctl(['start', ...names]);
  if (r.exitCode !== 0) throw new Error(`bench: cannot start the units: ${r.stderr}`);
  return box;
}

async function measure(n: number): Promise<FleetResult> {
  process.stderr.write(`bench fleet: ${n} hosts × ${UNITS_PER_HOST} units: booting…\n`);
  const boxes: SystemBox[] = [];
  try {
    // Booted a few at a time: fifty managers starting at once on two cores time each other out.
    for (let i = 0; i < n; i += 10) boxes.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, bootHost))));
    const names = boxes.map((_, i) => `b${i + 1}`);
    const ssh = await sshIntoBoxes(boxes.map((box, i) => ({ box, host: names[i]! })));
    try {
      const markFile = join(work, `marks-fleet-${n}`);
      rmSync(markFile, { force: true });
      const flags = process.env.BENCH_NODE_FLAGS ? `${process.env.BENCH_NODE_FLAGS} ` : '';
      const command = `${process.execPath} ${flags}${join(ROOT, 'bin/svctui')} --no-config -H 'b[1-${n}]' 'bf@*'`;
      const t0 = nowMs();
      const term = await openTerminal(command, { columns: 120, rows: 40 }, { PATH: ssh.path, SVCTUI_BENCH_MARK: markFile, ...(process.env.SVCTUI_BENCH_TRACE ? { SVCTUI_BENCH_TRACE: '1' } : {}), XDG_STATE_HOME: join(work, `state-${n}`) });
      try {
        await waitFor(async () => (await term.capture()).includes(` · ${n} hosts live`), `every host live`, 120_000);
        const allLiveMs = nowMs() - t0;
        process.stderr.write(`bench fleet: ${n} hosts live after ${allLiveMs.toFixed(0)} ms\n`);
        if (process.env.BENCH_TRACE) for (const m of marks(markFile).map(parseMark).filter((x) => x.label === 'fleet-host' || x.label === 'first-frame')) process.stderr.write(`  ${(m.at - t0).toFixed(0)} ms ${m.label} ${m.text.join(' ')}\n`);
        await sleep(5000); // facts and history fill in
        const pid = await findPid(`^${process.execPath} (--[^ ]+ )*${join(ROOT, 'bin/svctui')} --no-config -H b\\[1-${n}\\]`);
        const rss = rssMb(pid);
        // Every host keeps changing while keys are sent: each restarts CHANGE_BATCH of its units
        // every second (a fleet where something always happens, not all of it at once).
        let changing = true;
        const storm = boxes.map(async (b) => {
          for (let k = 0; changing; k++) {
            const t = nowMs();
            await b.systemctl(['restart', ...Array.from({ length: CHANGE_BATCH }, (_, i) => `bf@${(k * CHANGE_BATCH + i) % UNITS_PER_HOST}.service`)]);
            await sleep(Math.max(0, 1000 - (nowMs() - t)));
          }
        });
        const before = marks(markFile).length;
        const sent: number[] = [];
        const keysBefore = marks(markFile).map(parseMark).filter((m) => m.label === 'key-received').length;
        for (let i = 0; i < KEYS; i++) {
          // Stamped before tmux is asked: on a machine this loaded, starting the tmux client can
          // take longer than svctui's whole answer (so read → frame is given too: svctui's share).
          sent.push(nowMs());
          await term.send(i % 2 ? 'k' : 'j');
          await sleep(50);
        }
        changing = false;
        await Promise.all(storm);
        await sleep(1000);
        const frames = marks(markFile).slice(before).map(parseMark).filter((m) => m.label === 'key-frame').map((m) => ({ at: m.at, count: Number(m.text[0]) }));
        const latency: number[] = [];
        const inSvctui: number[] = [];
        const received = marks(markFile).map(parseMark).filter((m) => m.label === 'key-received').slice(keysBefore);
        sent.forEach((at, i) => {
          const f = frames.find((x) => x.count >= keysBefore + i + 1);
          if (f) latency.push(Math.max(0, f.at - at));
          if (f && received[i]) inSvctui.push(Math.max(0, f.at - received[i]!.at));
        });
        if (process.env.BENCH_TRACE) {
          const during = marks(markFile).slice(before).map(parseMark);
          const counts = new Map<string, number>();
          for (const m of during) counts.set(m.label, (counts.get(m.label) ?? 0) + 1);
          process.stderr.write(`  marks during the storm: ${[...counts].map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
          const rowsMs = during.filter((m) => m.label === 'fleet-rows').map((m) => Number(m.text[1]));
          if (rowsMs.length) process.stderr.write(`  fleet rows: ${rowsMs.length} builds, p50/p95/max ${pct(rowsMs, 0.5).toFixed(0)}/${pct(rowsMs, 0.95).toFixed(0)}/${Math.max(...rowsMs).toFixed(0)} ms\n`);
          const t = during[0]?.at ?? 0;
          process.stderr.write(`  timeline: ${during.filter((m) => m.label === 'app-render' || m.label === 'key-received' || m.label === 'loop-late').slice(0, 80).map((m) => `${m.label[0]}${(m.at - t).toFixed(0)}`).join(' ')}\n`);
        }
        if (process.env.BENCH_TRACE) process.stderr.write(`  keys: read → frame p50/p95 ${pct(inSvctui, 0.5).toFixed(0)}/${pct(inSvctui, 0.95).toFixed(0)} ms; sent → read ${sent.map((t, i) => (received[i] ? (received[i]!.at - t).toFixed(0) : '?')).join(' ')}\n`);
        const result = { hosts: n, unitsPerHost: UNITS_PER_HOST, allLiveMs, rssMb: rss, keyMs: { p50: pct(latency, 0.5), p95: pct(latency, 0.95), samples: latency.length }, readToFrameMs: { p50: pct(inSvctui, 0.5), p95: pct(inSvctui, 0.95) } };
        process.stderr.write(`bench fleet: ${n} hosts: RSS ${rss.toFixed(0)} MB, key p50/p95 ${result.keyMs.p50.toFixed(0)}/${result.keyMs.p95.toFixed(0)} ms\n`);
        return result;
      } finally {
        await term.send('q').catch(() => undefined);
        await term.close();
      }
    } finally {
      ssh.remove();
    }
  } finally {
    await Promise.all(boxes.map((b) => b.stop()));
  }
}

/**
 * Each system manager takes several inotify instances: fifty boxes need more than Linux's default
 * 128 per user. Raised for the bench (it runs as root, as the boxes need), put back after.
 */
function raiseInotify(hosts: number): () => void {
  const file = '/proc/sys/fs/inotify/max_user_instances';
  const was = Number(readFileSync(file, 'utf8'));
  const want = hosts * 16 + 256;
  if (was >= want) return () => undefined;
  writeFileSync(file, String(want));
  return () => writeFileSync(file, String(was));
}

export async function benchFleet(): Promise<FleetResult[]> {
  mkdirSync(work, { recursive: true });
  const restore = raiseInotify(Math.max(...SIZES));
  const results: FleetResult[] = [];
  try {
    for (const n of SIZES) results.push(await measure(n));
  } finally {
    rmSync(work, { recursive: true, force: true });
    restore();
  }
  return results;
}

/** The table's lines, and memory per additional host between the smallest and the largest fleet. */
export function fleetLines(results: FleetResult[]): string[] {
  const out = results.map((r) => `fleet ${r.hosts} hosts × ${r.unitsPerHost} units: every host live ${r.allLiveMs.toFixed(0)} ms, RSS ${r.rssMb.toFixed(0)} MB, key p50/p95 while every host restarts ${CHANGE_BATCH} units a second ${r.keyMs.p50.toFixed(0)}/${r.keyMs.p95.toFixed(0)} ms (${r.keyMs.samples} keys; read → frame ${r.readToFrameMs.p50.toFixed(0)}/${r.readToFrameMs.p95.toFixed(0)} ms)`);
  const [a, b] = [results[0], results.at(-1)];
  if (a && b && b.hosts > a.hosts) out.push(`fleet memory per additional host: ${((b.rssMb - a.rssMb) / (b.hosts - a.hosts)).toFixed(2)} MB`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await execa('npm', ['run', 'build'], { cwd: ROOT, stdout: 'ignore' });
  const results = await benchFleet();
  for (const l of fleetLines(results)) process.stdout.write(`${l}\n`);
  const date = new Date().toISOString();
  const out = join(ROOT, 'bench/results', `${date.slice(0, 10)}-fleet.json`);
  writeFileSync(out, JSON.stringify({ date, machine: { host: hostname(), cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version }, results }, null, 2) + '\n');
  process.stdout.write(`JSON: ${out}\n`);
}
