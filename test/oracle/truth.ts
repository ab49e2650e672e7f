// What is true after each ending: the oracle caused it, so it knows how the main process ended,
// what systemd passed to ExecStopPost, whether a stop or restart job ended it, and (observed, not
// predicted) whether systemd started the unit again. Written out here, independently of svctui's code.
import type { Ending, HandlerChoice, Scenario } from './scenarios.js';

export type EndedBy = 'stop' | 'restart' | 'itself' | 'signal' | 'systemd' | null;

export interface Expected {
  /** The LAST EXIT text of the ended run. */
  lastExit: string;
  stopReason: string;
  endedBy: EndedBy;
  /** SERVICE_RESULT / EXIT_CODE / EXIT_STATUS as ExecStopPost= gets them; undefined when not checked. */
  vars?: { result: string; code: string; status: string };
  stoppedByRequest: boolean;
}

const SIGNAL_TEXT: Record<string, string> = { TERM: 'SIGTERM', KILL: 'SIGKILL', HUP: 'SIGHUP', ABRT: 'SIGABRT', SEGV: 'SIGSEGV' };

/** systemctl status names only the libc and systemd exit statuses (reference §1.4). */
function exitText(status: number): string {
  if (status === 0) return '0/SUCCESS';
  if (status === 1) return '1/FAILURE';
  return String(status);
}

export function expected(s: Scenario): Expected {
  const e = s.ending;
  const killed = (sig: string, reason: string, endedBy: EndedBy, result: string, byRequest = false): Expected => ({
    lastExit: SIGNAL_TEXT[sig]!,
    stopReason: reason,
    endedBy,
    vars: { result, code: 'killed', status: sig },
    stoppedByRequest: byRequest,
  });
  switch (e) {
    case 'exit0':
      return { lastExit: '0/SUCCESS', stopReason: 'exited', endedBy: 'itself', vars: { result: 'success', code: 'exited', status: '0' }, stoppedByRequest: false };
    case 'exitN': {
      const success = s.shape.successExitStatus === s.status;
      return { lastExit: exitText(s.status), stopReason: success ? 'exited' : 'exit-code', endedBy: 'itself', vars: { result: success ? 'success' : 'exit-code', code: 'exited', status: String(s.status) }, stoppedByRequest: false };
    }
    case 'start-limit':
      return { lastExit: exitText(s.status), stopReason: 'start-limit-hit', endedBy: 'itself', vars: { result: 'exit-code', code: 'exited', status: String(s.status) }, stoppedByRequest: false };
    case 'crash-kill':
      return killed('KILL', 'signal', 'signal', 'signal');
    case 'core':
      return { lastExit: 'SIGSEGV (core)', stopReason: 'core-dump', endedBy: 'signal', vars: { result: 'core-dump', code: 'dumped', status: 'SEGV' }, stoppedByRequest: false };
    case 'outside-term':
    case 'systemctl-kill':
      // TERM is a clean signal: systemd says success; only the missing job tells it from a stop.
      return killed('TERM', 'signal', 'signal', 'success');
    case 'outside-kill':
      return killed('KILL', 'signal', 'signal', 'signal');
    case 'outside-hup':
      return killed('HUP', 'signal', 'signal', 'success');
    case 'stop':
    case 'target-stop':
      return killed('TERM', 'stopped', 'stop', 'success', true);
    case 'restart':
      return killed('TERM', 'stopped', 'restart', 'success', true);
    case 'stop-exit0':
      return { lastExit: '0/SUCCESS', stopReason: 'stopped', endedBy: 'stop', vars: { result: 'success', code: 'exited', status: '0' }, stoppedByRequest: true };
    case 'start-timeout':
      return killed('TERM', 'timeout', 'systemd', 'timeout');
    case 'stop-timeout':
      return killed('KILL', 'timeout', 'stop', 'timeout', true);
    case 'watchdog':
      return killed('ABRT', 'watchdog', 'systemd', 'watchdog');
    case 'condition':
      // No main process ran: ExecStopPost= still runs, with SERVICE_RESULT only (reference §2).
      return { lastExit: '-', stopReason: 'exec-condition', endedBy: null, vars: { result: 'exec-condition', code: '', status: '' }, stoppedByRequest: false };
  }
}

/** Whether a handler with this choice should act for these variables (the meaning the wizard promises). */
export function handlerShouldAct(h: HandlerChoice, v: { result: string; code: string; status: string }, stoppedByRequest: boolean): boolean {
  const inStatuses = h.statuses.includes(v.status);
  const when =
    h.when === 'always'
      ? true
      : h.when === 'not-stopped'
        ? !stoppedByRequest
        : h.when === 'failure'
          ? v.result !== 'success'
          : h.when === 'statuses'
            ? inStatuses
            : h.results.includes(v.result);
  const filter = h.template === 'on-status' ? inStatuses : h.template === 'on-failure' ? v.result !== 'success' : true;
  return when && filter;
}

/** The row of the handler simulation that stands for this ending, when it has one. */
export function simulationScenario(s: Scenario): string | undefined {
  const map: Partial<Record<Ending, string>> = {
    exit0: 'clean exit',
    exitN: `exit status ${s.status}`,
    'start-limit': `exit status ${s.status}`,
    stop: 'stopped by request',
    'stop-exit0': 'stopped by request, exited 0',
    restart: 'stopped by request',
    'target-stop': 'stopped by request',
    'outside-term': 'killed by SIGTERM from outside',
    'systemctl-kill': 'killed by SIGTERM from outside',
    'crash-kill': 'killed',
    'outside-kill': 'killed',
    'outside-hup': 'killed by SIGHUP',
    core: 'core dump',
    'start-timeout': 'start timeout',
    'stop-timeout': 'stop timeout',
    watchdog: 'watchdog',
    condition: 'start condition failed',
  };
  return map[s.ending];
}
