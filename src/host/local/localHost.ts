// This machine as a Host: its files through Node (with the safe writes of safeFs.ts), its tools run
// directly, its buses over their sockets.
import { accessSync, constants, existsSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { knowLocalZone, knowLocalZoneAbbreviations } from '../../core/format.js';
import { abbreviationAt, parseTzif, type ZoneInfo } from '../../core/tzif.js';
import { chmod, lstat, readdir, readFile, readlink, rm, rmdir, stat } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { resolveBusAddress, type Bus, type BusTarget } from '../bus.js';
import { describeFsError } from '../files.js';
import type { FileStat, Host, HostFiles, HostIdentity, ToolOptions, ToolResult } from '../host.js';
import { followInThread, runInThread, type FollowRunner, type ToolRunner } from '../tools.js';
import { connectInThread, connectInWorker } from '../dbus/hostBus.js';
import { ensureDir, fileStat, makePrivateTempDirSync, writeFileAtomic } from './safeFs.js';

const missing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

async function statOrUndefined(fn: () => Promise<import('node:fs').Stats>, path: string): Promise<FileStat | undefined> {
  try {
    return fileStat(await fn());
  } catch (err) {
    if (missing(err)) return undefined;
    throw describeFsError(err, 'look at', path);
  }
}

export const localFiles: HostFiles = {
  async read(path) {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if (missing(err)) return undefined;
      throw describeFsError(err, 'read', path);
    }
  },
  lstat: (path) => statOrUndefined(() => lstat(path), path),
  stat: (path) => statOrUndefined(() => stat(path), path),
  readlink: (path) => readlink(path).catch(() => undefined),
  async list(dir) {
    try {
      return (await readdir(dir)).sort();
    } catch (err) {
      if (missing(err)) return [];
      throw describeFsError(err, 'list', dir);
    }
  },
  async realpath(path) {
    try {
      return realpathSync(path);
    } catch (err) {
      throw describeFsError(err, 'use', path);
    }
  },
  async canWrite(dir) {
    try {
      accessSync(dir, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  ensureDir,
  writeAtomic: writeFileAtomic,
  async remove(path, options = {}) {
    try {
      await rm(path, { force: true, recursive: Boolean(options.recursive) });
    } catch (err) {
      throw describeFsError(err, 'remove', path);
    }
  },
  removeEmptyDir: (path) => rmdir(path).catch(() => undefined),
  async makeTempDir(prefix) {
    return makePrivateTempDirSync(prefix);
  },
  async chmod(path, mode) {
    try {
      await chmod(path, mode);
    } catch (err) {
      throw describeFsError(err, 'set the mode of', path);
    }
  },
};

function groupNames(groupFile = '/etc/group'): string[] {
  const mine = new Set(process.getgroups?.() ?? []);
  try {
    return readFileSync(groupFile, 'utf8')
      .split('\n')
      .map((line) => line.split(':'))
      .filter(([name, , gid]) => name && mine.has(Number(gid)))
      .map(([name]) => name!);
  } catch {
    return [];
  }
}

/** Zone names that are UTC, as TZ or /etc/localtime name them. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Universal', 'Etc/Universal', 'Zulu', 'Etc/Zulu', 'UCT', 'Etc/UCT', 'UTC0']);

/**
 * When this machine's zone is UTC (the usual for servers), the formatting is told so: no ICU start
 * for the word "UTC". Any other zone is left to Intl.
 */
export function learnLocalZone(): void {
  let zone = process.env.TZ?.replace(/^:/, '');
  if (zone === undefined) {
    try {
      zone = readlinkSync('/etc/localtime').replace(/^.*zoneinfo\//, '');
    } catch {
      zone = undefined;
    }
  }
  if (zone !== undefined && UTC_ZONES.has(zone) && new Date().getTimezoneOffset() === 0) return knowLocalZone('UTC');
  // Any other zone: its abbreviations as libc names them (systemctl's "CET", not ICU's "GMT+1").
  const file = zone === undefined || zone === '' ? '/etc/localtime' : zone.startsWith('/') ? zone : `/usr/share/zoneinfo/${zone}`;
  let info: ZoneInfo | undefined;
  try {
    if (!/(^|\/)\.\.(\/|$)/.test(file) && statSync(file).size < 1 << 20) info = parseTzif(readFileSync(file));
  } catch {
    info = undefined;
  }
  knowLocalZoneAbbreviations(info ? (date) => abbreviationAt(info, Math.floor(date.getTime() / 1000), -date.getTimezoneOffset() * 60) : undefined);
}

function localIdentity(): HostIdentity {
  const uid = process.geteuid?.() ?? 0;
  let user = `uid ${uid}`;
  let home = process.env.HOME ?? '/';
  try {
    const info = userInfo();
    user = info.username;
    home = info.homedir || home;
  } catch {
    // no passwd entry (a container's arbitrary uid): the uid stands for the name
  }
  let bootId = '';
  try {
    bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim().replace(/-/g, '');
  } catch {
    // unknown
  }
  return { hostname: hostname(), uid, user, home, runtimeDir: process.env.XDG_RUNTIME_DIR || `/run/user/${uid}`, groups: groupNames(), bootId };
}

export class LocalHost implements Host {
  readonly kind = 'local';
  readonly name = 'this machine';
  readonly identity: HostIdentity;
  readonly files = localFiles;
  /** Where tools run: this thread, or (busInWorker) the bus worker while it is open. */
  private runner: ToolRunner = runInThread;
  private follower: FollowRunner = followInThread;

  constructor() {
    this.identity = localIdentity();
  }

  run(file: string, args: string[], options: ToolOptions): Promise<ToolResult> {
    return this.runner(file, args, options);
  }

  follow(file: string, args: string[], options: { env?: Record<string, string> }, onText: (text: string) => void) {
    return this.follower(file, args, options, onText);
  }

  async hasCommand(name: string): Promise<boolean> {
    if (isAbsolute(name)) return existsSync(name);
    return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((d) => d && existsSync(join(d, name)));
  }

  async processNames(pids: readonly number[]): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    for (const pid of pids) {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        if (comm) names.set(pid, comm);
      } catch {
        // gone
      }
    }
    return names;
  }

  busTarget(target: BusTarget): BusTarget {
    return { ...target, address: resolveBusAddress(target) };
  }

  async clock(): Promise<{ realtimeUs: bigint; monotonicUs: bigint }> {
    // process.hrtime is CLOCK_MONOTONIC (the clock systemd's NextElapseUSecMonotonic counts in).
    const monotonicUs = process.hrtime.bigint() / 1000n;
    return { realtimeUs: BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)), monotonicUs };
  }

  async connectBus(target: BusTarget, options: { timeoutMs?: number }): Promise<Bus> {
    return connectInThread(this.busTarget(target), options);
  }

  busInWorker(target: BusTarget, options: { timeoutMs?: number; shared?: boolean }): Bus & { ready: Promise<void> } {
    const { bus, runner, follower } = connectInWorker(this.busTarget(target), options);
    this.runner = runner;
    this.follower = follower;
    return bus;
  }

  async asRootHint(retry?: string): Promise<string> {
    const command = retry ? `svctui ${retry}` : 'svctui';
    return `Run svctui as root (sudo): ${(await this.hasCommand('sudo')) ? 'sudo ' : ''}${command}`;
  }

  async close(): Promise<void> {
    this.runner = runInThread;
    this.follower = followInThread;
  }
}
