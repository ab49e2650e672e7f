// The journal lines of one run (by invocation id), read when a run is selected in Runs.
import { useEffect, useState } from 'react';
import type { Scope } from '../systemd/busCore.js';
import { runJournal } from '../systemd/history.js';
import type { JournalSource } from '../systemd/journal.js';

export function useRunJournal(source: JournalSource, scope: Scope, invocationId: string | undefined): { lines?: string[]; error?: string } {
  const [state, setState] = useState<{ id?: string; lines?: string[]; error?: string }>({});
  useEffect(() => {
    if (!invocationId) return;
    let cancelled = false;
    runJournal(source, scope, invocationId).then(
      (lines) => !cancelled && setState({ id: invocationId, lines }),
      (err: unknown) => !cancelled && setState({ id: invocationId, error: (err as Error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [source, scope, invocationId]);
  return state.id === invocationId ? state : {};
}
