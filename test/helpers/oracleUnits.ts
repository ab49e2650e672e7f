// Units in many states, for the status oracle and the list checks. `$$` is a literal `$`.
export const ORACLE_UNITS: Record<string, string> = {
  'o-anchor.service': '[Unit]\nDescription=Keeps the other oracle units loaded\nAfter=o-exit0.service o-stopped.service o-graceful.service\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'o-running.service': '[Unit]\nDescription=Oracle running\nDocumentation=man:sleep(1) https://example.org/doc\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'o-exit0.service': '[Unit]\nDescription=Oracle exits 0\n\n[Service]\nExecStart=/bin/true\n',
  'o-exit3.service': "[Unit]\nDescription=Oracle exits 3\n\n[Service]\nExecStart=/bin/sh -c 'echo going down with 3; exit 3'\n",
  'o-exec.service': '[Unit]\nDescription=Oracle exec failure\n\n[Service]\nExecStart=/nonexistent/oracle-binary --flag\n',
  'o-sigkill.service': "[Unit]\nDescription=Oracle killed by SIGKILL\n\n[Service]\nExecStart=/bin/sh -c 'kill -KILL $$$$'\n",
  'o-core.service': "[Unit]\nDescription=Oracle dumps core\n\n[Service]\nWorkingDirectory=/tmp\nLimitCORE=infinity\nExecStart=/bin/sh -c 'kill -SEGV $$$$'\n",
  'o-timeout.service': '[Unit]\nDescription=Oracle start timeout\n\n[Service]\nType=notify\nTimeoutStartSec=1\nExecStart=/bin/sleep 30\n',
  'o-stopped.service': '[Unit]\nDescription=Oracle stopped by request\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'o-graceful.service': "[Unit]\nDescription=Oracle exits 0 on SIGTERM\n\n[Service]\nExecStart=/bin/sh -c 'trap \"exit 0\" TERM; while :; do sleep 0.1; done'\n",
  'o-dropin.service': '[Unit]\nDescription=Oracle with drop-ins\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'o-dropin.service.d/10-env.conf': '[Service]\nEnvironment=A=1\n',
  'o-dropin.service.d/20-desc.conf': '[Unit]\nDescription=Oracle with drop-ins (overridden)\n',
  'o-stoppost.service': '[Unit]\nDescription=Oracle failing ExecStopPost\n\n[Service]\nExecStart=/bin/true\nExecStopPost=/bin/false\nExecStopPost=-/bin/sh -c "exit 4"\n',
  'o-oneshot.service': '[Unit]\nDescription=Oracle oneshot that remains\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/echo oneshot done\n',
  'o-tick.timer': '[Unit]\nDescription=Oracle timer\n\n[Timer]\nOnActiveSec=1h\n',
  'o-tick.service': '[Unit]\nDescription=Oracle timer job\n\n[Service]\nType=oneshot\nExecStart=/bin/true\n',
};

/** Units started at once; their end states are then awaited. */
export const ORACLE_STARTED = [
  'o-anchor.service',
  'o-running.service',
  'o-exit0.service',
  'o-exit3.service',
  'o-exec.service',
  'o-sigkill.service',
  'o-core.service',
  'o-timeout.service',
  'o-stopped.service',
  'o-graceful.service',
  'o-dropin.service',
  'o-stoppost.service',
  'o-oneshot.service',
  'o-tick.timer',
];
