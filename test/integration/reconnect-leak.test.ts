// Failed reconnects leak nothing: each attempt's worker thread ends when its connection fails and
// is closed (20 attempts against a bus that is not there: threads and memory stay flat).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { Systemd } from '../../src/app/manager.js';
import { LocalHost } from '../../src/host/local/localHost.js';
import { waitFor } from '../helpers/wait.js';

const threads = () => readdirSync('/proc/self/task').length;

async function failedAttempt(host: LocalHost): Promise<void> {
  const systemd = Systemd.inWorker(host, { scope: 'user', address: 'unix:path=/nonexistent/svctui-test-bus' });
  await assert.rejects(systemd.ready);
  systemd.close();
}

describe('reconnecting', () => {
  test('20 failed attempts: threads back within 2 of before, memory within 30 MB', async () => {
    const host = new LocalHost();
    // Warm up: the first worker loads the code every later one shares.
    for (let i = 0; i < 2; i++) await failedAttempt(host);
    await waitFor(() => (threads() <= 12 ? true : undefined), 'warm-up workers gone', 10_000).catch(() => undefined);
    const before = { threads: threads(), rss: process.memoryUsage().rss };
    for (let i = 0; i < 20; i++) await failedAttempt(host);
    await waitFor(() => (threads() <= before.threads + 2 ? true : undefined), `the workers end (threads ${threads()}, before ${before.threads})`, 15_000);
    const grewMb = (process.memoryUsage().rss - before.rss) / 2 ** 20;
    assert.ok(grewMb < 30, `RSS grew ${grewMb.toFixed(0)} MB over 20 failed attempts`);
    await host.close?.();
  });
});
