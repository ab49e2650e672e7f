// svctui's own memory of runs it observed (live or from D-Bus), for when systemd has forgotten a
// unit (garbage collection) and the journal cannot be read. SQLite via node:sqlite, bounded in
// size, in svctui's own checked state folder. Failures are told apart: a busy database (another
// process) is waited for, then read only; a full or read-only disk means runs are not stored this
// time; only a file SQLite calls corrupt is moved aside. None of them is fatal; each is said once.
import { chmodSync, closeSync, constants, lstatSync, openSync, renameSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Run } from '../../../core/model/runs.js';
import { openStateFolderAt, stateFolder } from './stateDir.js';

const MAX_RUNS_PER_UNIT = 50;
const MAX_ROWS = 20_000;
/** Batches kept while the database is busy, to write later (beyond that they are dropped). */
const MAX_RETRY_RUNS = 5_000;

type Db = {
  exec(sql: string): void;
  prepare(sql: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): Record<string, unknown>[]; get(...a: unknown[]): Record<string, unknown> | undefined };
  close(): void;
};
type Sqlite = { DatabaseSync: new (p: string, o?: { readOnly?: boolean }) => Db };

/** The default store: history.sqlite in the state folder (undefined when there is none). */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): { path?: string; problem?: string } {
  const folder = stateFolder(env);
  return folder.path ? { path: `${folder.path}/history.sqlite` } : { problem: folder.problem };
}

export type StoreFailure = 'busy' | 'corrupt' | 'unavailable';

/** What kind of SQLite failure this is (primary result code; node:sqlite gives it as errcode). */
export function storeFailure(err: unknown): StoreFailure {
  const code = Number((err as { errcode?: number }).errcode ?? -1) & 0xff;
  if (code === 5 || code === 6) return 'busy';
  if (code === 11 || code === 26) return 'corrupt';
  return 'unavailable';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  manager TEXT NOT NULL,
  unit TEXT NOT NULL,
  invocation_id TEXT NOT NULL,
  start_us TEXT, end_us TEXT,
  exit_code INTEGER, exit_status INTEGER,
  result TEXT, stop_job INTEGER, job_type TEXT,
  start_limit_hit INTEGER, auto_restart INTEGER, running INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (manager, unit, invocation_id)
);
CREATE INDEX IF NOT EXISTS runs_by_unit ON runs (manager, unit, updated_at);
`;

export class HistoryStore {
  /** Set when the store could not be used fully; say it once, in words. */
  problem?: string;
  private db?: Db;
  /** False when runs cannot be written (busy at open, disk full, read-only). */
  private writable = true;
  private retry: Run[] = [];
  /** Runs held because another process holds the store locked. */
  get held(): number {
    return this.retry.length;
  }

  private constructor(
    readonly path: string,
    /** Which manager these runs belong to (scope plus bus address): stores are shared per user. */
    readonly manager: string,
  ) {}

  /** Opens the store at `path` (default: the state folder's), creating its folder 0700. */
  static async open(path: string | undefined, manager: string): Promise<HistoryStore> {
    let file = path;
    let folderProblem: string | undefined;
    if (file) folderProblem = openStateFolderAt(dirname(file)).problem;
    else {
      const d = defaultStorePath();
      file = d.path;
      folderProblem = d.problem;
    }
    const store = new HistoryStore(file ?? '', manager);
    if (!file || folderProblem) {
      store.problem = folderProblem;
      return store;
    }
    let sqlite: Sqlite;
    try {
      sqlite = (await import('node:sqlite')) as unknown as Sqlite;
    } catch {
      store.problem = 'the run history store needs node:sqlite (Node.js 22.13 or newer); runs are not remembered across restarts';
      return store;
    }
    store.openDb(sqlite);
    return store;
  }

  private openDb(sqlite: Sqlite): void {
    const path = this.path;
    // The folder is ours and closed to others; the file in it must be ours too, and not a link.
    try {
      const st = lstatSync(path);
      if (!st.isFile() || st.uid !== (process.geteuid?.() ?? 0)) {
        this.problem = `the run history store ${path} is not svctui's (${st.isSymbolicLink() ? 'a symbolic link' : !st.isFile() ? 'not a regular file' : `it belongs to uid ${st.uid}`}); it is not used`;
        return;
      }
      // Ours but readable by others (made by an older svctui): 0600, as every state file.
      if (st.mode & 0o077) chmodSync(path, 0o600);
    } catch {
      // Does not exist yet: made 0600 here (SQLite would make it 0644, and its -wal and -shm files
      // take the database file's mode).
      try {
        closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
        chmodSync(path, 0o600);
      } catch {
        // made meanwhile by another svctui: judged when opened next
      }
    }
    const open = (readOnly: boolean) => {
      const db = readOnly ? new sqlite.DatabaseSync(path, { readOnly: true }) : new sqlite.DatabaseSync(path);
      try {
        // WAL with synchronous=NORMAL: a crash may lose the last moments, never the file.
        db.exec('PRAGMA busy_timeout = 2000;');
        if (!readOnly) db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;' + SCHEMA);
        db.prepare('SELECT count(*) AS n FROM runs').get();
        return db;
      } catch (err) {
        db.close();
        throw err;
      }
    };
    try {
      this.db = open(false);
      return;
    } catch (err) {
      const failure = storeFailure(err);
      if (failure === 'corrupt') {
        // SQLite says the file is damaged: keep it for inspection under another name, start afresh.
        const aside = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        try {
          renameSync(path, aside);
          this.db = open(false);
          this.problem = `the run history store ${path} is damaged (${(err as Error).message}); it was moved to ${basename(aside)} and a new one started`;
        } catch (err2) {
          this.problem = `the run history store ${path} is damaged and cannot be replaced (${(err2 as Error).message}); runs are not remembered`;
        }
        return;
      }
      // Busy (another process holds it) or not writable (disk full, read-only): never moved aside.
      this.writable = false;
      const why = failure === 'busy' ? 'is busy (another process holds it locked)' : `cannot be written (${(err as Error).message})`;
      try {
        this.db = open(true);
        this.problem = `the run history store ${path} ${why}; its runs are read, but runs seen now are not stored`;
      } catch {
        this.problem = `the run history store ${path} ${why}; runs are not remembered this time`;
      }
    }
  }

  get usable(): boolean {
    return this.db !== undefined;
  }

  /**
   * Records runs (insert or update), then trims old ones. `waitMs` bounds the wait for another
   * process's lock (0 while the UI runs: a busy store must never freeze it); a busy store keeps the
   * runs for the next save ('held').
   */
  save(runs: Run[], o: { waitMs?: number } = {}): 'saved' | 'held' | 'failed' {
    if (!this.db || !this.writable) return 'failed';
    if (this.retry.length) runs = [...this.retry.splice(0), ...runs];
    if (runs.length === 0) return 'saved';
    try {
      this.db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(o.waitMs ?? 2000))};`);
      const upsert = this.db.prepare(`INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT (manager, unit, invocation_id) DO UPDATE SET
          start_us = coalesce(excluded.start_us, start_us), end_us = coalesce(excluded.end_us, end_us),
          exit_code = coalesce(excluded.exit_code, exit_code), exit_status = coalesce(excluded.exit_status, exit_status),
          result = coalesce(excluded.result, result), stop_job = coalesce(excluded.stop_job, stop_job),
          job_type = coalesce(excluded.job_type, job_type), start_limit_hit = coalesce(excluded.start_limit_hit, start_limit_hit),
          auto_restart = coalesce(excluded.auto_restart, auto_restart), running = coalesce(excluded.running, running),
          updated_at = excluded.updated_at`);
      const now = Date.now();
      this.db.exec('BEGIN');
      const units = new Set<string>();
      for (const r of runs) {
        units.add(r.unit);
        upsert.run(
          this.manager,
          r.unit,
          r.invocationId,
          r.startUs?.toString() ?? null,
          r.endUs?.toString() ?? null,
          r.exitCode ?? null,
          r.exitStatus ?? null,
          r.result ?? null,
          r.stopJob === undefined ? null : Number(r.stopJob),
          r.jobType ?? null,
          r.startLimitHit ? 1 : null,
          r.autoRestart ?? null,
          r.running === undefined ? null : Number(r.running),
          now,
        );
      }
      const trim = this.db.prepare(`DELETE FROM runs WHERE manager = ? AND unit = ? AND invocation_id NOT IN
        (SELECT invocation_id FROM runs WHERE manager = ? AND unit = ? ORDER BY coalesce(start_us, end_us) DESC LIMIT ${MAX_RUNS_PER_UNIT})`);
      for (const u of units) trim.run(this.manager, u, this.manager, u);
      this.db.exec(`DELETE FROM runs WHERE rowid IN (SELECT rowid FROM runs ORDER BY updated_at DESC LIMIT -1 OFFSET ${MAX_ROWS})`);
      this.db.exec('COMMIT');
      return 'saved';
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // no transaction open
      }
      const failure = storeFailure(err);
      if (failure === 'busy') {
        // Another process holds it beyond the wait: keep the runs for the next save.
        this.retry = runs.slice(-MAX_RETRY_RUNS);
        return 'held';
      }
      // Disk full, read-only, damaged: stop writing for this session, and say so once.
      this.writable = false;
      this.problem ??= `could not write the run history store ${this.path} (${(err as Error).message}); runs seen from now on are not stored`;
      return 'failed';
    }
  }

  /** Runs per unit for this manager (all units, or the given ones). */
  load(units?: string[]): Map<string, Run[]> {
    const out = new Map<string, Run[]>();
    if (!this.db) return out;
    try {
      const rows = units
        ? units.flatMap((u) => this.db!.prepare('SELECT * FROM runs WHERE manager = ? AND unit = ?').all(this.manager, u))
        : this.db.prepare('SELECT * FROM runs WHERE manager = ?').all(this.manager);
      for (const row of rows) {
        const big = (v: unknown) => (v === null || v === undefined ? undefined : BigInt(String(v)));
        const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
        const bool = (v: unknown) => (v === null || v === undefined ? undefined : Boolean(v));
        const run: Run = {
          unit: String(row.unit),
          invocationId: String(row.invocation_id),
          startUs: big(row.start_us),
          endUs: big(row.end_us),
          exitCode: num(row.exit_code),
          exitStatus: num(row.exit_status),
          result: (row.result as string | null) ?? undefined,
          stopJob: bool(row.stop_job),
          jobType: (row.job_type as string | null) ?? undefined,
          startLimitHit: bool(row.start_limit_hit),
          autoRestart: num(row.auto_restart),
          running: bool(row.running),
          sources: ['store'],
        };
        const list = out.get(run.unit) ?? [];
        list.push(run);
        out.set(run.unit, list);
      }
    } catch (err) {
      this.problem ??= `could not read the run history store ${this.path}: ${(err as Error).message}`;
    }
    return out;
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      // already closed
    }
    this.db = undefined;
  }
}
