// Journal lines as journalctl's short output shows them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatShortEntry, parseJournalJson } from '../../src/app/journal.js';

test('a line shows the time its sender gave, like journalctl, not when journald received it', () => {
  const line = (extra: Record<string, string>) =>
    JSON.stringify({ __REALTIME_TIMESTAMP: '1795329306000100', __MONOTONIC_TIMESTAMP: '5', _HOSTNAME: 'vm', SYSLOG_IDENTIFIER: 'systemd', _PID: '7', MESSAGE: 'Started x.service.', ...extra });
  const [late] = parseJournalJson(line({ _SOURCE_REALTIME_TIMESTAMP: '1795329305999900' }));
  assert.equal(formatShortEntry(late!, 'UTC'), 'Nov 22 06:35:05 vm systemd[7]: Started x.service.');
  const [plain] = parseJournalJson(line({}));
  assert.equal(formatShortEntry(plain!, 'UTC'), 'Nov 22 06:35:06 vm systemd[7]: Started x.service.');
});
