// svctui's own memory of runs it observed (live or from D-Bus), for when systemd has forgotten a
// unit (garbage collection) and the journal cannot be read. SQLite via node:sqlite, bounded in
// size; a store that cannot be opened is reported once and set aside, never fatal.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Run } from '../model/runs.js';

const MAX_RUNS_PER_UNIT = 50;
const MAX_ROWS = 20_000;

type Db = {
  exec(sql: string): void;
  prepare(sql: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): Record<string, unknown>[]; get(...a: unknown[]): Record<string, unknown> | undefined };
  close(): void;
};

export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || '/tmp', '.local', 'state');
  return join(base, 'svctui', 'history.sqlite');
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
  /** Set when the store could not be used; say it once, in words. */
  problem?: string;
  private db?: Db;

  private constructor(
    readonly path: string,
    /** Which manager these runs belong to (scope plus bus address): stores are shared per user. */
    readonly manager: string,
  ) {}

  static async open(path: string, manager: string): Promise<HistoryStore> {
    const store = new HistoryStore(path, manager);
    let sqlite: { DatabaseSync: new (p: string) => Db };
    try {
      sqlite = (await import('node:sqlite')) as unknown as typeof sqlite;
    } catch {
      store.problem = 'the run history store needs node:sqlite (Node.js 22.13 or newer); runs are not remembered across restarts';
      return store;
    }
    const openDb = () => {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const db = new sqlite.DatabaseSync(path);
      // WAL with synchronous=NORMAL: a crash may lose the last moments, never the file.
      db.exec('PRAGMA busy_timeout = 2000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      db.exec(SCHEMA);
      db.prepare('SELECT count(*) AS n FROM runs').get();
      return db;
    };
    try {
      store.db = openDb();
    } catch (err) {
      // Corrupt or unreadable: keep the file for inspection under another name and start afresh.
      const aside = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        if (existsSync(path)) renameSync(path, aside);
        store.db = openDb();
        store.problem = `the run history store ${path} could not be read (${(err as Error).message}); it was moved to ${aside} and a new one started`;
      } catch (err2) {
        store.problem = `the run history store ${path} cannot be used (${(err2 as Error).message}); runs are not remembered across restarts`;
      }
    }
    return store;
  }

  get usable(): boolean {
    return this.db !== undefined;
  }

  /** Records runs (insert or update), then trims old ones. */
  save(runs: Run[]): void {
    if (!this.db || runs.length === 0) return;
    try {
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
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // no transaction open
      }
      this.problem ??= `could not write the run history store ${this.path}: ${(err as Error).message}`;
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
