// config.toml: what it may say, and the words (with the line) for what it may not (pure).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'smol-toml';
import { bindingsWith, defaultConfigText, parseConfig } from '../../src/core/config.js';
import { BINDINGS, resolveCommand } from '../../src/core/keymap.js';
import { renderAnsi } from '../../src/core/ansi.js';
import { backgroundIsLight, DARK, LIGHT } from '../../src/core/theme.js';
import { seg } from '../../src/core/model/styled.js';

test('keys, theme and mouse are read; a command gets exactly the keys given, where it is bound', () => {
  const { config, errors } = parseConfig('theme = "light"\nmouse = false\n\n[keys]\nstop = "X"\nrestart = ["ctrl+r", "r"]\n', 'c.toml');
  assert.deepEqual(errors, []);
  assert.deepEqual(config, { theme: 'light', mouse: false, keys: { stop: ['X'], restart: ['ctrl+r', 'r'] } });
  const { bindings, conflicts } = bindingsWith(config.keys);
  assert.deepEqual(conflicts, []);
  assert.equal(resolveCommand('list', 'X', bindings), 'stop');
  assert.equal(resolveCommand('detail', 'X', bindings), 'stop');
  assert.equal(resolveCommand('list', 'x', bindings), undefined);
  assert.equal(resolveCommand('list', 'ctrl+r', bindings), 'restart');
});

test('mistakes are named with their line: syntax, an unknown setting or command, a bad key or value', () => {
  assert.deepEqual(parseConfig('theme = "dark"\n[keys\n', 'c.toml').errors.map((e) => e.replace(/: .*/, '')), ['c.toml line 2']);
  const { errors } = parseConfig('theme = "blue"\ncolour = 1\n\n[keys]\nstpo = "x"\nstop = "shift+x"\nstart = 3\n', 'c.toml');
  assert.deepEqual(errors, [
    'c.toml line 1: theme is "dark", "light" or "auto", not "blue"',
    'c.toml line 2: "colour" is not a setting (there are theme, mouse, [keys] and [fleet])',
    'c.toml line 5: no command "stpo" (svctui --print-config lists them)',
    'c.toml line 6: "shift+x" is not a key svctui knows: use one printable character (x, X, !), ctrl+LETTER, or one of up, down, left, right, pagedown, pageup, home, end, enter, esc, tab, backspace, delete, space',
    'c.toml line 7: start takes a key or a list of keys, e.g. "X" or ["X", "ctrl+x"]',
  ]);
});

test('two commands on one key in one place are a conflict, in words', () => {
  const { conflicts } = bindingsWith({ stop: ['s'] }, 'c.toml');
  assert.deepEqual(conflicts, ['c.toml: the key s would be start and stop at once (Unit list): give one of them another key', 'c.toml: the key s would be start and stop at once (Detail pane): give one of them another key']);
});

test('--print-config is a valid config that changes nothing, and names every command', () => {
  const text = defaultConfigText();
  assert.deepEqual(parseConfig(text, 'd.toml'), { config: { theme: 'auto', mouse: true, keys: {} }, errors: [] });
  // Uncommented, every line is a valid binding, and the result is the default keymap.
  const all = text.replace(/^# (theme|mouse|\[fleet\]|[a-z-]+ =)/gm, '$1');
  const parsed = parseConfig(all, 'all.toml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(bindingsWith(parsed.config.keys).conflicts, []);
  assert.ok(parse(all));
  for (const b of BINDINGS) if (!b.keys.includes('letter')) assert.match(text, new RegExp(`^# ${b.command} = `, 'm'));
});

test('themes: light keeps yellow and cyan off a white background; the terminal\'s answer says which', () => {
  const line = [seg('warn', 'warning'), seg(' '), seg('info', 'accent')];
  assert.equal(renderAnsi(line, true, DARK), '\x1b[33m\x1b[1mwarn\x1b[22m\x1b[39m \x1b[36minfo\x1b[39m');
  assert.equal(renderAnsi(line, true, LIGHT), '\x1b[35m\x1b[1mwarn\x1b[22m\x1b[39m \x1b[34minfo\x1b[39m');
  assert.equal(backgroundIsLight('\x1b]11;rgb:ffff/ffff/ffff\x1b\\'), true);
  assert.equal(backgroundIsLight('\x1b]11;rgb:1e1e/1e1e/2e2e\x07'), false);
  assert.equal(backgroundIsLight('garbage'), undefined);
});

test('[fleet]: hosts, inventory, limit and concurrency are read; mistakes are named with their line', () => {
  const ok = parseConfig('[fleet]\nhosts = ["web[1-3]", "db1"]\ninventory = "hosts.ini"\nlimit = "prod"\nconcurrency = 4\npause = 2.5\n', 'c.toml');
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.config.fleet, { hosts: ['web[1-3]', 'db1'], inventory: 'hosts.ini', limit: 'prod', concurrency: 4, pause: 2.5 });
  const bad = parseConfig('[fleet]\nhosts = 3\nconcurrency = 0\nport = 22\n', 'c.toml');
  assert.deepEqual(bad.errors, [
    'c.toml line 2: fleet.hosts is a list of hosts or ranges, e.g. ["web[1-12]", "db1"], not 3',
    'c.toml line 3: fleet.concurrency is a whole number from 1 to 100, not 0',
    'c.toml line 4: "port" is not a fleet setting (there are hosts, inventory, limit, concurrency and pause)',
  ]);
  assert.deepEqual(parseConfig('[fleet]\npause = 1\n', 'c.toml').errors, [], 'a pause alone (the UI\'s rolling actions): no hosts needed');
});
