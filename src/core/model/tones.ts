// Which tone a state or stop reason is drawn in (shared by the list command and the TUI).
import { activeStateTone } from './statusView.js';
import type { Tone } from './styled.js';
import type { StopReason } from './stopReason.js';

export function activeTone(active: string): Tone | undefined {
  return activeStateTone(active) ?? (active === 'inactive' ? 'muted' : undefined);
}

export function stopReasonTone(reason: StopReason | '…'): Tone | undefined {
  switch (reason) {
    case '-':
    case '…':
    case 'unknown':
      return 'muted';
    case 'stopped?':
    case 'exited?':
    case 'start-limit-hit?':
      return 'warning';
    case 'stopped':
    case 'exited':
      return undefined;
    case 'exec-condition':
      return 'warning';
    default:
      return 'danger';
  }
}
