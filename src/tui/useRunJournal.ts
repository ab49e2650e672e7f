// The journal lines of one run (by invocation id), read when a run is selected in Runs.
import { useEffect, useState } from 'react';
import type { UnitDetail } from '../app/unitDetail.js';

export function useRunJournal(detail: UnitDetail, invocationId: string | undefined): { lines?: string[]; error?: string } {
  const [state, setState] = useState<{ id?: string; lines?: string[]; error?: string }>({});
  useEffect(() => {
    if (!invocationId) return;
    let cancelled = false;
    detail.runJournal(invocationId).then(
      (lines) => !cancelled && setState({ id: invocationId, lines }),
      (err: unknown) => !cancelled && setState({ id: invocationId, error: (err as Error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [detail, invocationId]);
  return state.id === invocationId ? state : {};
}
