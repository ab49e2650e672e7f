// The session's messages (L): every status-line message, whole, with the time it was said. The
// status line shows one at a time, in at most three rows; here none is cut or lost.
import { useEffect, useState } from 'react';
import { seg, type StyledLine, type Tone } from '../core/model/styled.js';
import type { UiState } from '../core/model/ui.js';
import { wrapWords } from '../core/wrap.js';

export interface LoggedMessage {
  at: Date;
  text: string;
  tone: NonNullable<UiState['status']>['tone'];
}

/** Messages kept: the newest; a session that says more forgets its oldest. */
const KEPT = 500;

export function useMessageLog(status: UiState['status']): readonly LoggedMessage[] {
  const [log, setLog] = useState<readonly LoggedMessage[]>([]);
  useEffect(() => {
    if (status?.text) setLog((l) => [...l.slice(-(KEPT - 1)), { at: new Date(), text: status.text, tone: status.tone }]);
  }, [status]);
  return log;
}

const TONES: Record<LoggedMessage['tone'], Tone | undefined> = { error: 'danger', ok: 'success', info: undefined };

/** The pane's lines: the newest first, each with its time (HH:MM:SS), wrapped whole within `width`. */
export function messageLogLines(log: readonly LoggedMessage[], width: number): StyledLine[] {
  if (!log.length) return [[seg('No messages yet in this session.', 'muted')]];
  const time = (d: Date) => [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return [...log].reverse().flatMap((m) => wrapWords([seg(`${time(m.at)} `, 'muted'), seg(m.text, TONES[m.tone])], Math.max(20, width)));
}
