// A run store another process holds write-locked never freezes svctui: saving does not wait for
// the lock (the runs are held and tried again), and they are written once the lock goes. Real
// sandbox, a unit that flaps, a real second process holding SQLite's lock.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { LiveUnits } from '../../src/app/live.js';
import { Systemd } from '../../src/app/manager.js';
import { RunHistory } from '../../src/app/runHistory.js';
import { HistoryStore } from '../../src/host/local/state/historyStore.js';
import { LocalHost } from '../../src/host/local/localHost.js';
import { useSandbox } from '../helpers/sandbox.js';
import { waitFor } from '../helpers/wait.js';

const FLAP = "[Unit]\nStartLimitIntervalSec=0\n\n[Service]\nExecStart=/bin/sh -c 'sleep 0.2; exit 1'\nRestart=always\nRestartSec=200ms\n";

describe('a write-locked run store', () => {
  const sandbox = useSandbox({ units: { 'lk-flap.service': FLAP } });

  test('never blocks while units flap; the runs are stored once the lock goes', async () => {
    const sb = sandbox();
    const path = `${sb.root}/svctui-state/locked.sqlite`;
    const store = await HistoryStore.open(path, 'lock-test');
    const live = await LiveUnits.open(await Systemd.connect(new LocalHost(), { scope: 'user', address: sb.busAddress }));
    await live.loadBackground(async () => new RunHistory('user', false, store));
    // Another process takes the write lock and keeps it.
    const holder = spawn('python3', ['-c', `import sqlite3,sys,time\nc=sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(60)`, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => String(d).includes('locked') && resolve());
        holder.on('exit', (code) => reject(new Error(`the lock holder ended (${code})`)));
      });
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      assert.equal((await sb.systemctl(['start', 'lk-flap.service'])).exitCode, 0);
      // Several runs end (and are saved, or held) while the lock is held.
      await waitFor(async () => (Number((await sb.systemctl(['show', '-p', 'NRestarts', '--value', 'lk-flap.service'])).stdout.trim()) >= 6 ? true : undefined), 'six restarts', 20_000);
      await new Promise((r) => setTimeout(r, 1500));
      delay.disable();
      const worstMs = delay.max / 1e6;
      assert.ok(worstMs < 250, `the event loop was blocked for ${worstMs.toFixed(0)} ms (a save waited for the lock)`);
      assert.ok(store.held > 0, 'runs are held while the store is locked');
      holder.kill();
      // Released: the held runs are written by the next try (no new save needed).
      await sb.systemctl(['stop', 'lk-flap.service']);
      await waitFor(() => (store.load(['lk-flap.service']).get('lk-flap.service')?.length ?? 0) >= 5 ? true : undefined, 'the held runs stored', 10_000);
      assert.equal(store.held, 0);
    } finally {
      holder.kill();
      live.close();
    }
  });
});
