// The demo: a sandbox with sample units that exercise every stop reason. By default a private
// *system* manager (svctui runs inside it, where its files, journal and processes are), with an
// unprivileged user to try polkit's password prompt; with --user, a private user manager.
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startSandbox, type Sandbox } from './sandbox.js';
import { startSystemBox, type SystemBox } from './systemBox.js';

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
    // (It speaks a moment after it starts: a line written before systemd has recorded the start is,
    // as systemctl status shows the tail, from before the run and left out.)
    'demo-oneshot.service': service('One-shot setup that remains active', 'Type=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c \'sleep 0.1; echo setup done\''),
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

/** The demo's unprivileged user (password: the same word). */
export const DEMO_USER = 'demo';

/** polkit: the demo user may manage units after typing its own password (polkit's AUTH_SELF). */
const DEMO_POLKIT_RULE = `// svctui demo: ${DEMO_USER} may manage units with its own password.
polkit.addRule(function (action, subject) {
  if (subject.user == "${DEMO_USER}" && action.id.indexOf("org.freedesktop.systemd1.") == 0) return polkit.Result.AUTH_SELF;
});
`;

export async function startSystemDemo(): Promise<SystemBox> {
  const box = await startSystemBox();
  try {
    for (const [name, text] of Object.entries(demoUnits('/tmp'))) box.writeUnit(name, text);
    await box.daemonReload();
    await box.addUser(DEMO_USER, DEMO_USER);
    mkdirSync(join(box.root, 'etc', 'polkit-1', 'rules.d'), { recursive: true });
    writeFileSync(join(box.root, 'etc', 'polkit-1', 'rules.d', '50-svctui-demo.rules'), DEMO_POLKIT_RULE, { mode: 0o644 });
    // root's own user manager, so that u (switch manager) has somewhere to go.
    await box.systemctl(['start', 'user@0.service']);
    const r = await box.systemctl(['start', '--no-block', ...DEMO_STARTED]);
    if (r.exitCode !== 0) throw new Error(`starting the demo units failed: ${r.stderr.trim()}`);
    return box;
  } catch (err) {
    await box.stop();
    throw err;
  }
}

/** Waits (a few seconds at most) for the demo units that fail on purpose, in the box. */
export async function waitForBoxSettled(box: SystemBox, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await box.systemctl(['show', '--property=ActiveState', '--value', 'demo-killed.service', 'demo-coredump.service']);
    if (r.stdout.split('\n').filter((l) => l.trim() === 'failed').length === 2) return;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Where this svctui is installed (bin/svctui's folder's parent): copied into the box from there. */
export function installRoot(): string {
  return dirname(dirname(realpathSync(process.argv[1] ?? '')));
}

/**
 * Runs svctui inside the demo box with these arguments (the terminal is handed over), as root or,
 * with `as`, as that box user in a login session (so polkit's text agent can ask for its
 * password). Resolves with its exit status.
 */
export async function runInBox(box: SystemBox, args: string[], o: { as?: string; tui: boolean }): Promise<number> {
  const { node, bin } = box.installSvctui(installRoot());
  const env: Record<string, string> = { SVCTUI_DEMO: 'system', LANG: process.env.LANG ?? 'C.UTF-8' };
  for (const k of ['NO_COLOR', 'TERM', 'COLUMNS', 'LINES', 'EDITOR', 'VISUAL', 'SYSTEMD_EDITOR'] as const) if (process.env[k]) env[k] = process.env[k]!;
  if (!o.as) env.XDG_RUNTIME_DIR = '/run/user/0';
  const argv = box.execArgv([node, bin, ...args], o.as ? { login: o.as, env } : { env });
  const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
  // The terminal belongs to the svctui inside: its keys (Ctrl-C included) are its own.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  try {
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  } finally {
    process.off('SIGINT', ignore);
  }
}
