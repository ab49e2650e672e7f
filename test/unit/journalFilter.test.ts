// The journal filter's text (J): journalctl's options as typed, checked, and given back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journalFilterOptions, journalFilterText, parseJournalFilter } from '../../src/core/model/journalFilter.js';

test('journalctl\'s options, quoted times, -b with and without an offset, -u names mangled', () => {
  const r = parseJournalFilter('-p err..warning --since "2026-12-07 10:00" --until=x -b -1 -u nginx --unit=ssh.socket');
  assert.ok('filter' in r);
  assert.deepEqual(r.filter, { priority: 'err..warning', since: '2026-12-07 10:00', until: 'x', boot: '-1', units: ['nginx.service', 'ssh.socket'] });
  assert.deepEqual(parseJournalFilter('-b'), { filter: { boot: '0' } });
  assert.deepEqual(parseJournalFilter('-perr -b -u a'), { filter: { priority: 'err', boot: '0', units: ['a.service'] } });
  assert.deepEqual(parseJournalFilter(''), { filter: {} });
});

test('what is wrong, in words', () => {
  assert.match((parseJournalFilter('-p bogus') as { problem: string }).problem, /^-p takes a priority/);
  assert.match((parseJournalFilter('--since') as { problem: string }).problem, /--since needs a value/);
  assert.match((parseJournalFilter('-x') as { problem: string }).problem, /"-x" is not one of the filter's options/);
  assert.match((parseJournalFilter('--since "yesterday') as { problem: string }).problem, /quote is not closed/);
  assert.match((parseJournalFilter('-b abc') as { problem: string }).problem, /not one of the filter's options|boot offset/);
});

test('given back as typed, and as journalctl\'s options', () => {
  const f = { priority: 'err', since: '2026-12-07 10:00', until: '-1h', boot: '0', units: ['a.service'] };
  assert.equal(journalFilterText(f), "-p err --since '2026-12-07 10:00' --until -1h -b 0 -u a.service");
  assert.deepEqual(parseJournalFilter(journalFilterText(f)), { filter: f });
  assert.deepEqual(journalFilterOptions(f), ['-p', 'err', '--since=2026-12-07 10:00', '--until=-1h', '--boot=0']);
});
