// The command line against systemctl, side by side on one sandbox: `svctui list --all` and
// `svctui status UNIT`, wall time and peak RSS (GNU time's maximum resident set size), medians of
// alternating runs. Used by run.ts; alone: node --import tsx bench/cli.ts [N] [RUNS].
import { execa } from 'execa';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { arch } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../src/host/sandbox/sandbox.js';
import { bootUnits, median, ROOT } from './common.js';

type Row = { svctuiMs: number; systemctlMs: number; ratio: number; svctuiRssMb: number; systemctlRssMb: number };

export interface CliResult {
  n: number;
  list: Row;
  status: Row;
  /**
   * The single executable (npm run package) against the npm-installed build, when it is built:
   * here "systemctl" is the npm build (node bin/svctui) and the ratio is executable / npm build.
   */
  exeList?: Row;
  exeStatus?: Row;
}

/** Wall ms and peak RSS MB of one command (GNU time writes "%e %M" to a file of its own). */
async function timed(argv: string[], env: Record<string, string>): Promise<{ ms: number; rssMb: number }> {
  const file = join(tmpdir(), `svctui-bench-time-${process.pid}`);
  const r = await execa('/usr/bin/time', ['-o', file, '-f', '%e %M', ...argv], { env, reject: false, stdout: 'ignore', stderr: 'ignore' });
  const [, rssKb] = (await import('node:fs')).readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  rmSync(file, { force: true });
  void r;
  return { ms: 0, rssMb: (rssKb ?? 0) / 1024 };
}

async function wall(argv: string[], env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  await execa(argv[0]!, argv.slice(1), { env, reject: false, stdout: 'ignore', stderr: 'ignore' });
  return performance.now() - t0;
}

export async function measureCli(sb: Sandbox, runs: number): Promise<Omit<CliResult, 'n'>> {
  const state = join(tmpdir(), `svctui-bench-cli-${process.pid}`);
  mkdirSync(state, { recursive: true });
  const env = { ...process.env, ...sb.env, XDG_STATE_HOME: state, NO_COLOR: '1' } as Record<string, string>;
  const svctui = [process.execPath, join(ROOT, 'bin/svctui'), '--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir];
  const systemctl = ['systemctl', '--user', '--no-pager'];
  const unit = 'bench@1.service';
  const flags = ['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir];
  const exe = join(ROOT, `dist/svctui-linux-${arch()}`);
  const cases: Record<string, { ours: string[]; theirs: string[] }> = {
    list: { ours: [...svctui, 'list', '--all'], theirs: [...systemctl, 'list-units', '--all'] },
    status: { ours: [...svctui, 'status', unit], theirs: [...systemctl, 'status', unit] },
    ...(existsSync(exe)
      ? {
          exeList: { ours: [exe, ...flags, 'list', '--all'], theirs: [...svctui, 'list', '--all'] },
          exeStatus: { ours: [exe, ...flags, 'status', unit], theirs: [...svctui, 'status', unit] },
        }
      : {}),
  };
  const out: Record<string, Row> = {};
  try {
    for (const [name, c] of Object.entries(cases)) {
      const ours: number[] = [];
      const theirs: number[] = [];
      const oursRss: number[] = [];
      const theirsRss: number[] = [];
      // A first run of each warms the compile cache and the page cache, as a user's second call would be.
      await wall(c.ours, env);
      await wall(c.theirs, env);
      for (let i = 0; i < runs; i++) {
        ours.push(await wall(c.ours, env));
        theirs.push(await wall(c.theirs, env));
        oursRss.push((await timed(c.ours, env)).rssMb);
        theirsRss.push((await timed(c.theirs, env)).rssMb);
      }
      out[name] = { svctuiMs: median(ours), systemctlMs: median(theirs), ratio: median(ours) / median(theirs), svctuiRssMb: median(oursRss), systemctlRssMb: median(theirsRss) };
    }
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
  return { list: out.list!, status: out.status!, ...(out.exeList ? { exeList: out.exeList, exeStatus: out.exeStatus } : {}) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 5);
  const sb = await bootUnits(n);
  try {
    const r = await measureCli(sb, runs);
    console.log(JSON.stringify({ n, ...r }, null, 2));
  } finally {
    await sb.stop();
  }
}
