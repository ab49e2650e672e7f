// Shared by the bench runner and the timeline probe: a sandbox with N bench units, the svctui
// command line, mark files, and process readings from /proc.
import { build } from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleOptions } from '../scripts/bundle.mjs';
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../src/host/sandbox/sandbox.js';

export const ROOT = new URL('../', import.meta.url).pathname;

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))] ?? NaN;
export const nowMs = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The lines of a mark file (see src/benchMark.ts): label, epoch ms, ms since process start, text. */
export const marks = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

export interface Mark {
  label: string;
  at: number;
  sinceStart: number;
  text: string[];
}

export function parseMark(line: string): Mark {
  const [label = '', at = '', since = '', ...text] = line.split(' ');
  return { label, at: Number(at), sinceStart: Number(since), text };
}

export async function bundleBareInk(work: string): Promise<string> {
  const out = join(work, 'bare-ink.mjs');
  await build(bundleOptions(join(ROOT, 'bench/bare-ink.tsx'), out));
  return out;
}

/** A sandbox with n running instances of a template, n/20 failed ones and 20 inactive units. */
export async function bootUnits(n: number): Promise<Sandbox> {
  const sb = await startSandbox({
    units: {
      'bench@.service': '[Unit]\nDescription=Bench instance %i\n\n[Service]\nExecStart=/bin/sleep infinity\n',
      'benchfail@.service': "[Unit]\nDescription=Bench failing %i\n\n[Service]\nExecStart=/bin/sh -c 'exit 3'\n",
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`benchidle${i}.service`, '[Service]\nExecStart=/bin/true\n'])),
    },
    bootTimeoutMs: 30_000,
  });
  try {
    const names = Array.from({ length: n }, (_, i) => `bench@${i}.service`);
    for (let i = 0; i < names.length; i += 500) {
      const r = await sb.systemctl(['start', '--no-block', ...names.slice(i, i + 500)]);
      if (r.exitCode !== 0) throw new Error(`bench: starting units failed: ${r.stderr}`);
    }
    await sb.systemctl(['start', '--no-block', ...Array.from({ length: Math.max(1, n / 20) }, (_, i) => `benchfail@${i}.service`)]);
    await waitFor(
      async () => {
        const r = await sb.systemctl(['list-jobs', '--no-legend']);
        return r.stdout.trim() === '';
      },
      'the bench units to settle',
      300_000,
    );
    return sb;
  } catch (err) {
    await sb.stop();
    throw err;
  }
}

/** The V8 flags bin/svctui's first line gives node (what npx svctui runs with): the bench measures that. */
export function shebangFlags(): string[] {
  const first = readFileSync(join(ROOT, 'bin/svctui'), 'utf8').split('\n')[0]!;
  return (/^#!\/usr\/bin\/env -S node (.*)$/.exec(first)?.[1] ?? '').split(' ').filter(Boolean);
}

/** svctui on the sandbox's bus; BENCH_NODE_FLAGS (e.g. --cpu-prof) go to its node. */
export function svctuiCommand(sb: Sandbox): string {
  const flags = `${[...shebangFlags(), ...(process.env.BENCH_NODE_FLAGS ? [process.env.BENCH_NODE_FLAGS] : [])].join(' ')} `;
  return `${process.execPath} ${flags}${join(ROOT, 'bin/svctui')} --user --bus-address ${sb.busAddress} --journal-dir ${sb.journalDir} 'bench*'`;
}

export async function findPid(pattern: string): Promise<number> {
  const r = await execa('pgrep', ['-f', pattern], { reject: false });
  return Number(String(r.stdout).trim().split('\n')[0]);
}

export function svctuiPid(sb: Sandbox): Promise<number> {
  return findPid(`^${process.execPath} (--[^ ]+ )*${join(ROOT, 'bin/svctui')} --user --bus-address ${sb.busAddress}`);
}

/** User plus system CPU time of a process, in clock ticks (1/100 s). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

function statusKb(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

export const peakRssMb = (pid: number) => statusKb(pid, 'VmHWM') / 1024;
/** Resident memory now (not the peak): what a process gave back shows here. */
export const rssMb = (pid: number) => statusKb(pid, 'VmRSS') / 1024;
