// "Now" for relative ages in the list. Ticks every second while a shown age is under a minute
// (ages show seconds then), every minute otherwise: an idle screen stays nearly free.
import { useEffect, useState } from 'react';
import { nowRealtimeUs } from '../systemd/status.js';

const MINUTE_US = 60_000_000n;

export function useNow(youngestUs: bigint): bigint {
  const [now, setNow] = useState(nowRealtimeUs);
  const young = youngestUs > 0n && now - youngestUs < MINUTE_US;
  useEffect(() => {
    const timer = setInterval(() => setNow(nowRealtimeUs()), young ? 1000 : 60_000);
    return () => clearInterval(timer);
  }, [young]);
  return now;
}
