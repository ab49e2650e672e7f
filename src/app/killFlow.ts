// Sending a signal to a unit's processes (systemctl kill), with the questions a person must answer:
// which signal, to whom, and a confirmation naming the processes it reaches.
import { constants } from 'node:os';
import type { Prompter } from './prompter.js';
import type { Systemd } from './manager.js';
import { SystemdError } from '../host/bus.js';

/** The signals offered, by the word that picks each (first letters differ). */
export const KILL_SIGNALS: Record<string, string> = { term: 'SIGTERM', kill: 'SIGKILL', hup: 'SIGHUP', int: 'SIGINT', quit: 'SIGQUIT', usr1: 'SIGUSR1' };
const WHOM: Record<string, 'main' | 'all' | 'control'> = { main: 'main', all: 'all', control: 'control' };

/** Asks and sends; 0 when sent, 1 when not (declined, or systemd refused: said). */
export async function killFlow(systemd: Systemd, unit: string, p: Prompter): Promise<number> {
  const props = await systemd.unitProperties(unit);
  const mainPid = Number(props.MainPID ?? 0);
  const controlPid = Number(props.ControlPID ?? 0);
  let processes: { pid: number; cmdline: string }[] = [];
  try {
    processes = await systemd.unitProcesses(unit);
  } catch {
    // the count is only said when known
  }
  p.say(`${unit} is ${String(props.ActiveState)} (${String(props.SubState)}): main process ${mainPid > 0 ? mainPid : 'none'}${controlPid > 0 ? `, control process ${controlPid}` : ''}, ${processes.length || 'unknown'} process(es) in its cgroup.`);
  const word = await p.ask(
    'Which signal? term: SIGTERM, asks it to stop (the default) · kill: SIGKILL, cannot be caught · hup: SIGHUP, many daemons reload · int: SIGINT · quit: SIGQUIT, dumps core · usr1: SIGUSR1',
    Object.keys(KILL_SIGNALS),
    'term',
    'no',
  );
  const name = KILL_SIGNALS[word];
  if (!name) return 1;
  const number = constants.signals[name as keyof typeof constants.signals];
  const whomChoices = ['main', 'all', ...(controlPid > 0 ? ['control'] : [])];
  const whomWord = await p.ask(`${name} to whom? main: the main process only; all: every process of the unit${controlPid > 0 ? '; control: the control process' : ''}`, whomChoices, mainPid > 0 ? 'main' : 'all', 'no');
  const whom = WHOM[whomWord];
  if (!whom) return 1;
  if (whom === 'main' && mainPid <= 0) {
    p.say(`${unit} has no main process now; choose "all" to signal its processes.`);
    return 1;
  }
  const target = whom === 'main' ? `its main process (${mainPid})` : whom === 'control' ? `its control process (${controlPid})` : `all ${processes.length || ''} of its processes`.replace('  ', ' ');
  const sure = await p.ask(`Send ${name} to ${target}? [y/N]`, ['yes', 'no'], 'no', 'no');
  if (sure !== 'yes') {
    p.say('Nothing was sent.');
    return 1;
  }
  try {
    await systemd.kill(unit, whom, number);
  } catch (err) {
    const message = err instanceof SystemdError ? err.message.replace(/^\S+\(\S*\): /, '').replace(/ \(org\.freedesktop\.[\w.]+\)$/, '') : (err as Error).message;
    p.say(`systemd did not send it: ${message}`);
    return 1;
  }
  p.changed?.(`sent ${name} to ${target.replace(/^its/, `${unit}'s`)}`);
  p.say(`Sent ${name}. The list shows what the unit does next.`);
  return 0;
}
