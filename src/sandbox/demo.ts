// The demo: a sandbox with sample units that exercise every stop reason.
import { join } from 'node:path';
import { startSandbox, type Sandbox } from './sandbox.js';

/** Unit files of the demo, by name. `$$` is a literal `$` in unit files. */
export function demoUnits(workDir: string): Record<string, string> {
  const service = (description: string, body: string) => `[Unit]\nDescription=${description}\n\n[Service]\nWorkingDirectory=${workDir}\n${body}\n`;
  return {
    'demo-healthy.service': service('Healthy long runner', 'ExecStart=/bin/sleep infinity'),
    'demo-flaky.service': `[Unit]
Description=Exits 3 every few seconds until the start limit stops it
StartLimitIntervalSec=120
StartLimitBurst=5

[Service]
WorkingDirectory=${workDir}
ExecStart=/bin/sh -c 'sleep 2; echo "giving up with 3"; exit 3'
Restart=on-failure
RestartSec=2
`,
    'demo-killed.service': service('Killed by SIGKILL shortly after start', "ExecStart=/bin/sh -c 'sleep 1; kill -KILL $$$$'"),
    'demo-coredump.service': service('Crashes with a core dump', "LimitCORE=infinity\nExecStart=/bin/sh -c 'sleep 1; kill -SEGV $$$$'"),
    'demo-badexec.service': service('Cannot execute its binary (203/EXEC)', 'ExecStart=/nonexistent/demo-binary --serve'),
    'demo-oneshot.service': service('One-shot setup that remains active', 'Type=oneshot\nRemainAfterExit=yes\nExecStart=/bin/echo setup done'),
    'demo-tick.timer': '[Unit]\nDescription=Runs demo-tick.service every 15 seconds\n\n[Timer]\nOnActiveSec=3s\nOnUnitActiveSec=15s\nAccuracySec=1s\n',
    'demo-tick.service': service('Periodic job started by demo-tick.timer', 'Type=oneshot\nExecStart=/bin/echo tick'),
    'demo-handler.service': service(
      'Runs an ExecStopPost handler that logs how it stopped',
      `ExecStart=/bin/sh -c 'sleep 6; exit 7'
ExecStopPost=/bin/sh -c 'echo "handler: SERVICE_RESULT=$$SERVICE_RESULT EXIT_CODE=$$EXIT_CODE EXIT_STATUS=$$EXIT_STATUS"'
Restart=always
RestartSec=4`,
    ),
    'demo-graceful.service': service('Exits 0 on SIGTERM', `ExecStart=/bin/sh -c 'trap "exit 0" TERM; while :; do sleep 0.2; done'`),
  };
}

export const DEMO_STARTED = [
  'demo-healthy.service',
  'demo-flaky.service',
  'demo-killed.service',
  'demo-coredump.service',
  'demo-badexec.service',
  'demo-oneshot.service',
  'demo-tick.timer',
  'demo-handler.service',
  'demo-graceful.service',
];

export async function startDemoSandbox(): Promise<Sandbox> {
  const sb = await startSandbox();
  try {
    const workDir = join(sb.root, 'home');
    for (const [name, text] of Object.entries(demoUnits(workDir))) await sb.writeUnit(name, text);
    await sb.daemonReload();
    const r = await sb.systemctl(['start', '--no-block', ...DEMO_STARTED]);
    if (r.exitCode !== 0) throw new Error(`starting the demo units failed: ${r.stderr.trim()}`);
    return sb;
  } catch (err) {
    await sb.stop();
    throw err;
  }
}

/**
 * For one-shot commands on the demo (`svctui --demo list`): waits, at most a few seconds, until the
 * units that fail on purpose have failed, so the output shows their exit codes and reasons.
 */
export async function waitForDemoSettled(sb: Sandbox, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await sb.systemctl(['show', '--property=ActiveState', '--value', 'demo-killed.service', 'demo-coredump.service']);
    if (r.stdout.split('\n').filter((l) => l.trim() === 'failed').length === 2) return;
    await new Promise((res) => setTimeout(res, 100));
  }
}
