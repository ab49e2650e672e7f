// The dialogs at the keyboard, at 80x24, as a user over SSH meets them: a pasted command and
// fast-typed answers arrive whole, each answer is checked when given, Esc cancels the whole flow and
// the status says what really happened, long previews scroll, the custom snippet is written in the
// editor, and detach asks first.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, showProps, stateHome, svctui, useSandbox } from '../helpers/sandbox.js';
import { openTerminal, svctuiCommand, type Terminal } from '../helpers/tmux.js';

const UNITS = {
  'dl-app.service': '[Unit]\nDescription=The app\n\n[Service]\nExecStart=/bin/sleep infinity\n',
  'dl-test.service': '[Unit]\nDescription=Tested live\n\n[Service]\nExecStart=/bin/sleep infinity\nTimeoutStopSec=7\n',
};
const EDITOR = `${process.execPath} ${REPO_ROOT}test/helpers/fake-editor.mjs`;
/** The screen's rows joined: the dialog wraps at spaces. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('dialogs at 80x24', () => {
  const sandbox = useSandbox({ units: UNITS });
  let term: Terminal;

  before(async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'dl-app.service'])).exitCode, 0);
    term = await openTerminal(svctuiCommand(['--user', '--bus-address', sb.busAddress, '--journal-dir', sb.journalDir, 'dl-*']), { columns: 80, rows: 24 }, {
      XDG_STATE_HOME: stateHome(sb),
      SYSTEMD_EDITOR: EDITOR,
      FAKE_EDITOR_MODE: 'full',
      FAKE_EDITOR_TEXT: '# my snippet\\nlogger -t dl-snip "$SERVICE_RESULT"',
    });
    await term.waitForScreen((s) => / · live · /.test(s) && /dl-app\.service +active \(running\)/.test(s), 'the list');
  });
  after(async () => term?.close());

  /** "-"? and "+"? with their defaults, each once it is asked (keys pressed while the flow works are dropped). */
  const answerDefaults = async () => {
    // (Asked, not answered yet: the question ends its row.)
    await term.waitForScreen((s) => /Ignore the handler's own failure/.test(flat(s)) && /\[Y\/n\] *\n/.test(s), 'the "-" question');
    await term.send('Enter');
    await term.waitForScreen((s) => /full privileges \("\+"\), ignoring User= and sandboxing\? \[y\/N\] *\n/.test(s), 'the "+" question');
    await term.send('Enter');
  };

  /** h, then each key once its question is on the screen. */
  const wizardTo = async (steps: [question: string, key: string][]) => {
    await term.send('h');
    for (const [question, key] of steps) {
      await term.waitForScreen((s) => flat(s).includes(question), question);
      await term.send(key);
    }
  };

  test('a pasted command and fast-typed statuses arrive whole; an empty list is refused when given', async () => {
    await wizardTo([['What now: [a]ttach a handler', 'a'], ['What to run:', 's']]);
    await term.waitForScreen((s) => flat(s).includes('The command (a shell line;'), 'the command question');
    await term.paste('logger -t dl-app "exit $EXIT_STATUS"');
    await term.waitForScreen((s) => flat(s).includes('logger -t dl-app "exit $EXIT_STATUS"'), 'the whole pasted command in the field');
    await term.send('Enter');
    await term.waitForScreen((s) => flat(s).includes('For which exit statuses or signals'), 'the statuses question');
    await term.send('Enter');
    await term.waitForScreen((s) => flat(s).includes('List at least one exit status or signal, e.g. 3,4,KILL.'), 'refused at once, in words without a flag');
    await term.type('3,4,KILL');
    await term.waitForScreen((s) => flat(s).includes('3,4,KILL'), 'fast-typed text whole');
    await term.send('Enter');
    await term.waitForScreen((s) => flat(s).includes('When: [a]lways'), 'when');
    await term.send('a');
    await answerDefaults();
    const preview = await term.waitForScreen((s) => flat(s).includes('Attach this handler to dl-app.service? [y/N]'), 'the preview', 20_000);
    assert.match(flat(preview), /would act \(SERVICE_RESULT=exit-code EXIT_CODE=exited EXIT_STATUS=4\): run: logger -t dl-app "exit \$EXIT_STATUS" \(the exit status is 3, 4, KILL\)/);
    assert.match(flat(preview), /lines above · ↑\/↓ PgUp\/PgDn scroll/, 'the hint: more above');
    // The top of a long preview is reachable: PgUp up to the drop-in's path.
    await term.send('Home');
    // (A path longer than the line is cut where the line ends: compared without the breaks.)
    await term.waitForScreen((s) => /Drop-in\S*dl-app\.service\.d/.test(s.replace(/\s+/g, '')) && flat(s).includes('the top · '), 'the top of the dialog');
    await term.send('End');
    await term.send('Escape');
    await term.waitForScreen((s) => flat(s).includes('Cancelled. Nothing was changed.') && flat(s).includes('Handlers of dl-app.service: cancelled; nothing was changed'), 'cancelled, said once, and in the status line');
    assert.equal(flat(await term.capture()).split('Nothing was changed').length, 2, '"Nothing was changed" once');
    await term.send('Escape');
    await term.waitForScreen((s) => /dl-app\.service +active/.test(s) && !s.includes('Handlers of dl-app.service\n'), 'the list again');
    assert.equal(existsSync(join(sandbox().unitDir, 'dl-app.service.d')), false, 'nothing written');
  });

  test('Esc at the first question cancels the whole flow (not the default answer)', async () => {
    await wizardTo([['What now: [a]ttach a handler', 'a']]);
    await term.waitForScreen((s) => flat(s).includes('What to run:'), 'what to run');
    await term.send('Escape');
    await term.waitForScreen((s) => flat(s).includes('Cancelled. Nothing was changed.'), 'cancelled');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('Handlers of dl-app.service: cancelled; nothing was changed'), 'the status line');
  });

  test('the custom template: the snippet is written in the editor and shown; attach; detach asks first', async () => {
    await wizardTo([['What now: [a]ttach a handler', 'a'], ['What to run:', 'c']]);
    await term.waitForScreen((s) => flat(s).includes('The snippet:') && flat(s).includes('logger -t dl-snip "$SERVICE_RESULT"'), 'the snippet from the editor, shown');
    await term.waitForScreen((s) => flat(s).includes('When: [a]lways'), 'when');
    await term.send('Enter'); // not when stopped by request (the default)
    await answerDefaults();
    await term.waitForScreen((s) => flat(s).includes('Attach this handler to dl-app.service? [y/N]'), 'the preview', 20_000);
    await term.send('Home');
    await term.waitForScreen((s) => flat(s).includes('the top · '), 'the top');
    await term.send('PageDown');
    await term.waitForScreen((s) => /It runs this snippet \(sh\): # my snippet logger -t dl-snip "\$SERVICE_RESULT"/.test(flat(s)), 'the snippet in the preview, a page down');
    await term.send('End');
    await term.send('y');
    await term.waitForScreen((s) => flat(s).includes('Test it live: dl-app.service is active; [s]top or [r]estart it now'), 'the live test question, fitting a running unit');
    await term.send('n');
    await term.waitForScreen((s) => flat(s).includes('Changed: attached the handler "custom" to dl-app.service.'), 'what changed');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('Handlers of dl-app.service: attached the handler "custom" to dl-app.service'), 'the status line says what happened');
    // Detach asks first; n keeps it.
    await wizardTo([['[d]etach one', 'd']]);
    await term.waitForScreen((s) => flat(s).includes('Detach the handler "custom" from dl-app.service'), 'the detach question');
    await term.send('n');
    await term.waitForScreen((s) => flat(s).includes('Nothing was changed.'), 'kept');
    await term.send('Enter');
    // (The next h opens a new dialog only once this one has closed; a key sent before it is the list's.)
    await term.waitForScreen((s) => !flat(s).includes('Nothing was changed.') && s.includes('── dl-app.service'), 'the dialog closed');
    assert.ok(readdirSync(join(sandbox().unitDir, 'dl-app.service.d')).includes('50-svctui-handler-custom.conf'));
    await wizardTo([['[d]etach one', 'd']]);
    await term.waitForScreen((s) => flat(s).includes('Detach the handler "custom" from dl-app.service'), 'the detach question');
    await term.send('y');
    await term.waitForScreen((s) => flat(s).includes('Changed: detached the handler "custom" from dl-app.service.'), 'detached');
    await term.send('Enter');
    assert.equal(existsSync(join(sandbox().unitDir, 'dl-app.service.d', '50-svctui-handler-custom.conf')), false);
  });

  test('h → test an attached handler live: a running unit is stopped, a stopped one started and stopped; the handler\'s run is reported', async () => {
    const sb = sandbox();
    assert.equal((await sb.systemctl(['start', 'dl-test.service'])).exitCode, 0);
    const attached = await svctui(sb, ['handler', 'attach', 'dl-test.service', '--template', 'log', '--when', 'always', '--yes']);
    assert.equal(attached.exitCode, 0, attached.stderr);
    await term.send('/', ...'dl-test'.split(''), 'Enter');
    await term.waitForScreen((s) => s.includes('── dl-test.service'), 'dl-test selected');
    await wizardTo([['[t]est one live', 't']]);
    await term.waitForScreen((s) => flat(s).includes('Test it live: dl-test.service is active; [s]top or [r]estart it now'), 'what fits a running unit');
    await term.send('s');
    const ran = await term.waitForScreen((s) => /The handler ran: pid \d+/.test(flat(s)), 'the handler\'s run, reported', 20_000);
    assert.match(flat(ran), /Stop dl-test\.service: done/);
    // systemctl's own record of the handler's run.
    assert.match((await showProps(sb, 'dl-test.service', ['ExecStopPost'])).ExecStopPost ?? '', /code=exited ; status=0/);
    await term.waitForScreen((s) => s.includes('Enter or Esc closes this.'), 'the test ended');
    await term.send('Enter');
    await term.waitForScreen((s) => s.includes('── dl-test.service') && !flat(s).includes('The handler ran'), 'the dialog closed');
    await wizardTo([['[t]est one live', 't']]);
    await term.waitForScreen((s) => flat(s).includes('Test it live: dl-test.service is inactive, so stopping it would run nothing; [s]tart it and stop it again'), 'what fits a stopped unit');
    await term.send('s');
    await term.waitForScreen((s) => /Start dl-test\.service: done/.test(flat(s)) && /Stop dl-test\.service: done/.test(flat(s)) && /The handler ran: pid \d+/.test(flat(s)), 'started, stopped, the handler ran', 20_000);
    await term.waitForScreen((s) => /Changed: started dl-test\.service \(done\); stopped dl-test\.service \(done\)/.test(flat(s)) && s.includes('Enter or Esc closes this.'), 'what changed, and the end');
    await term.send('Enter');
  });
});
