// The one place for quoting: shell words and systemd's command lines (security issue two, item 1).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { execPathProblem, shellQuote, shellWord, systemdExecLine, systemdWord } from '../../src/core/quoting.js';

test('a shell word is the text exactly, as /bin/sh reads it back', () => {
  for (const text of ["it's", 'a b', '$HOME', '`id`', '"q"', 'back\\slash', 'new\nline', '', 'plain-1.0']) {
    assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' }), text);
    assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shellWord(text)}`], { encoding: 'utf8' }), text);
  }
  assert.equal(shellWord('web1.example:22'), 'web1.example:22');
});

test('systemd words: quoted, C escapes for \\ and ", %% for %', () => {
  assert.equal(systemdWord('/srv/shared/adm tools/notify.sh'), '"/srv/shared/adm tools/notify.sh"');
  assert.equal(systemdWord('/a%n/b'), '"/a%%n/b"');
  assert.equal(systemdWord('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(systemdExecLine('-', '/x y/h.sh', [], ['%n']), '-"/x y/h.sh" %n');
  // A $ would be expanded by systemd at run time: ":" keeps what runs equal to what D-Bus says.
  assert.equal(systemdExecLine('-+', '/x/$HOME.sh', [], ['%n']), '-+:"/x/$HOME.sh" %n');
});

test('paths systemd would not run as written are refused in words', () => {
  assert.equal(execPathProblem('/srv/a b/%n;x.sh'), undefined);
  assert.match(execPathProblem('/srv/a"b') ?? '', /contains a quote \("\), which systemd does not accept/);
  assert.match(execPathProblem("/srv/it's") ?? '', /contains a quote \('\)/);
  assert.match(execPathProblem('/srv/a\\b') ?? '', /contains a backslash/);
  assert.match(execPathProblem('/srv/a\nb') ?? '', /contains a control character \(\\x0a\)/);
  assert.match(execPathProblem('relative') ?? '', /not an absolute path/);
  assert.match(execPathProblem('/a//b') ?? '', /not a normalised path/);
  assert.match(execPathProblem('/a/../b') ?? '', /not a normalised path/);
});
