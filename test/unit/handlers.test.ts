import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { handlerDropIn, handlerScript, oldSystemdAdvice, scenarios, shellQuote, specProblems, type HandlerSpec } from '../../src/core/model/handlers.js';

const spec = (p: Partial<HandlerSpec> = {}): HandlerSpec => ({
  unit: 'web.service',
  name: 'h',
  template: 'log',
  when: 'not-stopped',
  statuses: [],
  results: [],
  scope: 'system',
  ignoreFailure: true,
  privileged: false,
  ...p,
});

/** Runs the generated script with the three variables (no systemd involved: pure shell logic). */
function runScript(s: HandlerSpec, vars: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'svctui-script-'));
  try {
    const file = join(dir, 'h.sh');
    writeFileSync(file, handlerScript(s), { mode: 0o755 });
    // PATH without systemctl, so "is a stop job running?" answers no here
    return execFileSync('/bin/sh', [file, s.unit], { env: { PATH: '/nonexistent:/usr/bin:/bin', ...vars }, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the script documents the variables and its condition, and honours SVCTUI_DRY_RUN', () => {
  const text = handlerScript(spec());
  assert.match(text, /^#!\/bin\/sh\n# svctui handler "h" for web\.service/);
  assert.match(text, /#   SERVICE_RESULT {2}success, exit-code/);
  assert.match(text, /# When: not when the service was stopped by request/);
  const term = { SERVICE_RESULT: 'success', EXIT_CODE: 'killed', EXIT_STATUS: 'TERM' };
  // One rule with the STOP REASON column: a stop job running means stopped by request…
  assert.equal(runScript(spec(), { ...term, SVCTUI_SIM_STOP_JOB: '1' }), 'svctui-handler h: not acting (SERVICE_RESULT=success EXIT_CODE=killed EXIT_STATUS=TERM)\n');
  // …and the same SIGTERM from outside, without a job, is not.
  assert.match(runScript(spec(), { ...term, SVCTUI_SIM_STOP_JOB: '0' }), /^svctui-handler h: acting/);
  // Without a way to ask systemd (no systemctl here), it says so and takes it as not requested.
  assert.match(runScript(spec(), term), /^svctui-handler h: acting/);
  assert.equal(
    runScript(spec(), { SERVICE_RESULT: 'exit-code', EXIT_CODE: 'exited', EXIT_STATUS: '3', SVCTUI_DRY_RUN: '1' }),
    'svctui-handler h: would act (SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3): log the stop to the journal\n',
  );
  assert.equal(
    runScript(spec(), { SERVICE_RESULT: 'exit-code', EXIT_CODE: 'exited', EXIT_STATUS: '3' }),
    'svctui-handler h: acting (SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3)\nsvctui-handler: web.service stopped: SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=3\n',
  );
});

test('conditions: failure, statuses, results', () => {
  const acts = (s: HandlerSpec, r: string, c: string, st: string) => runScript(s, { SERVICE_RESULT: r, EXIT_CODE: c, EXIT_STATUS: st, SVCTUI_DRY_RUN: '1' }).includes('would act');
  assert.equal(acts(spec({ when: 'failure' }), 'success', 'exited', '0'), false);
  assert.equal(acts(spec({ when: 'failure' }), 'signal', 'killed', 'KILL'), true);
  assert.equal(acts(spec({ when: 'statuses', statuses: ['3', 'KILL'] }), 'exit-code', 'exited', '3'), true);
  assert.equal(acts(spec({ when: 'statuses', statuses: ['3', 'KILL'] }), 'signal', 'killed', 'KILL'), true);
  assert.equal(acts(spec({ when: 'statuses', statuses: ['3', 'KILL'] }), 'exit-code', 'exited', '4'), false);
  assert.equal(acts(spec({ when: 'results', results: ['timeout', 'watchdog'] }), 'timeout', 'killed', 'TERM'), true);
  assert.equal(acts(spec({ when: 'results', results: ['timeout', 'watchdog'] }), 'exit-code', 'exited', '1'), false);
  assert.equal(acts(spec({ when: 'always' }), 'success', 'killed', 'TERM'), true);
});

test('the dry run decides as a real run does: the template\'s own filter is part of it', () => {
  const acts = (s: HandlerSpec, r: string, c: string, st: string, job = '0') => runScript(s, { SERVICE_RESULT: r, EXIT_CODE: c, EXIT_STATUS: st, SVCTUI_DRY_RUN: '1', SVCTUI_SIM_STOP_JOB: job }).includes('would act');
  const onStatus = spec({ template: 'on-status', when: 'always', statuses: ['3', '4'], command: 'true' });
  assert.equal(acts(onStatus, 'success', 'exited', '0'), false, 'a clean exit is not 3 or 4');
  assert.equal(acts(onStatus, 'core-dump', 'dumped', 'SEGV'), false);
  assert.equal(acts(onStatus, 'watchdog', 'killed', 'ABRT'), false);
  assert.equal(acts(onStatus, 'exit-code', 'exited', '4'), true);
  const onFailure = spec({ template: 'on-failure', when: 'always', command: 'true' });
  assert.equal(acts(onFailure, 'success', 'killed', 'TERM', '1'), false, 'stopped by request is not a failure');
  assert.equal(acts(onFailure, 'exit-code', 'exited', '1'), true);
});

test('user text is quoted, never interpreted, where it is data', () => {
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  const s = spec({ template: 'json', file: "/tmp/a b'c.jsonl" });
  assert.match(handlerScript(s), /records='\/tmp\/a b'\\''c\.jsonl'\n/);
  assert.match(handlerScript(s), />> "\$records"/);
});

test('spec problems are said in words', () => {
  assert.deepEqual(specProblems(spec({ name: 'bad name' })), ['the handler name "bad name" must be letters, digits, - or _ (at most 41, starting with a letter or digit)']);
  assert.deepEqual(specProblems(spec({ template: 'json' })), ['the json template needs --file with an absolute path']);
  assert.deepEqual(specProblems(spec({ when: 'statuses', statuses: ['3;rm'] })), ['"3;rm" is not an exit status (0-255) or a signal name such as KILL, TERM, HUP, SEGV']);
  // A name must be a signal systemd can report: ABC is not (the simulation showed "SIGABC").
  assert.deepEqual(specProblems(spec({ when: 'statuses', statuses: ['ABC'] })), ['"ABC" is not an exit status (0-255) or a signal name such as KILL, TERM, HUP, SEGV']);
  for (const ok of ['KILL', 'SEGV', 'RTMIN+3', 'RTMAX', '0', '255']) assert.deepEqual(specProblems(spec({ when: 'statuses', statuses: [ok] })), [], ok);
  assert.match(specProblems(spec({ when: 'results', results: ['exit-cod'] }))[0] ?? '', /^"exit-cod" is not a service result: one of success, protocol, timeout, exit-code/);
});

test('the drop-in carries the prefixes; the scenarios are those that can happen', () => {
  assert.match(handlerDropIn({ ...spec(), privileged: true }, '/etc/svctui/handlers/x.sh', 'log'), /\nExecStopPost=-\+"\/etc\/svctui\/handlers\/x\.sh" %n\n$/);
  assert.match(handlerDropIn({ ...spec(), ignoreFailure: false }, '/x.sh', 'log'), /\nExecStopPost="\/x\.sh" %n\n$/);
  assert.deepEqual(
    scenarios({ stopSignal: 'TERM', type: 'simple', watchdog: false, startCommands: false, successStatuses: [] }, ['3']).map((s) => `${s.name}: ${s.serviceResult}/${s.exitCode}/${s.exitStatus}${s.stopJob ? ' (job)' : ''}`),
    [
      'stopped by request: success/killed/TERM (job)',
      'killed by SIGTERM from outside: success/killed/TERM',
      'stopped by request, exited 0: success/exited/0 (job)',
      'clean exit: success/exited/0',
      'exit status 3: exit-code/exited/3',
      'killed: signal/killed/KILL',
      'core dump: core-dump/dumped/SEGV',
      'stop timeout: timeout/killed/KILL (job)',
    ],
  );
  // Only what can happen: a start timeout for Type=notify, a watchdog with WatchdogSec=; exit
  // status 0 is the clean exit, a SuccessExitStatus= status ends with success; listed signals too.
  const names = scenarios({ stopSignal: 'INT', type: 'notify', watchdog: true, startCommands: false, successStatuses: [42], execCondition: true }, ['0', '42', 'HUP']);
  assert.deepEqual(
    names.map((s) => `${s.name}: ${s.serviceResult}/${s.exitCode}/${s.exitStatus}`),
    [
      'stopped by request: success/killed/INT',
      'killed by SIGINT from outside: success/killed/INT',
      'stopped by request, exited 0: success/exited/0',
      'clean exit: success/exited/0',
      'exit status 42: success/exited/42',
      'killed: signal/killed/KILL',
      'killed by SIGHUP: success/killed/HUP',
      'core dump: core-dump/dumped/SEGV',
      'start timeout: timeout/killed/TERM',
      'stop timeout: timeout/killed/KILL',
      'watchdog: watchdog/killed/ABRT',
      'start condition failed: exec-condition//',
    ],
  );
});

test('older systemd: the variables are missing, the wrapper workaround and its caveats are offered', () => {
  const text = oldSystemdAdvice('web.service', 229, '/usr/bin/web --serve');
  assert.match(text, /^systemd 229 does not pass SERVICE_RESULT, EXIT_CODE and EXIT_STATUS/);
  assert.match(text, /ExecStart=\/bin\/sh -c '\/usr\/bin\/web --serve; rc=\$\$\?; \/path\/to\/handler "\$\$rc"; exit \$\$rc'/);
  assert.match(text, /the shell becomes the main process/);
  assert.match(text, /128\+N/);
});
