// Writes the help screen's key tables into README.md between its keys markers:
//   node --import tsx scripts/readme-keys.ts
// (test/unit/readme.test.ts fails when the README and the keymap disagree.)
import { readFileSync, writeFileSync } from 'node:fs';
import { keysMarkdown } from '../src/core/keymap.js';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const begin = '<!-- keys:begin (generated from src/core/keymap.ts by scripts/readme-keys.ts) -->';
const end = '<!-- keys:end -->';
const a = readme.indexOf(begin);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no keys markers');
writeFileSync(file, `${readme.slice(0, a + begin.length)}\n${keysMarkdown()}\n${readme.slice(b)}`);
