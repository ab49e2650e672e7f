// The journal lines of one run (by invocation id), read when a run is selected in Runs.
import { useEffect, useState } from 'react';
import type { Scope } from '../host/bus.js';
import { runJournal } from '../app/journalRuns.js';
import type { JournalSource } from '../app/journal.js';

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
