// journalctl -o json lines as entries. Its own module: the D-Bus worker parses journal output
// there (see run.ts), so the UI thread gets entries instead of megabytes of JSON text.
import { journalMessageText } from './model/text.js';

export interface JournalEntry {
  realtimeUs: bigint;
  monotonicUs: bigint;
  bootId: string;
  hostname: string;
  identifier: string;
  pid: string;
  /** The message as journalctl shows it (colours dropped, "[N blob data]" when unprintable). */
  message: string;
  fields: Record<string, string>;
}

function fieldText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((n) => typeof n === 'number')) return Buffer.from(v as number[]).toString('utf8');
  if (Array.isArray(v)) return fieldText(v[v.length - 1]);
  return v === null || v === undefined ? '' : String(v);
}

export function parseJournalJson(stdout: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) fields[k] = fieldText(v);
    out.push({
      realtimeUs: BigInt(fields.__REALTIME_TIMESTAMP || '0'),
      monotonicUs: BigInt(fields.__MONOTONIC_TIMESTAMP || '0'),
      bootId: fields._BOOT_ID ?? '',
      hostname: fields._HOSTNAME ?? '',
      identifier: fields.SYSLOG_IDENTIFIER || fields._COMM || '',
      pid: fields._PID || fields.SYSLOG_PID || '',
      message: journalMessageText(Array.isArray(raw.MESSAGE) && raw.MESSAGE.every((n) => typeof n === 'number') ? Uint8Array.from(raw.MESSAGE as number[]) : (fields.MESSAGE ?? '')),
      fields,
    });
  }
  return out;
}
