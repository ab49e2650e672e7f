// npm run oracle -- --seed S --count N [--runs R]: scenarios from seeds, against a real sandbox.
// Prints every mismatch with its seed, scenario and field; exits 1 when there is any.
import { parseArgs } from 'node:util';
import { formatMismatch, runBatch } from './run.js';
import { describeScenario, scenarios } from './scenarios.js';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, count: { type: 'string', default: '20' }, runs: { type: 'string', default: '1' }, verbose: { type: 'boolean', short: 'v' } },
});
const count = Number(values.count);
const runs = Number(values.runs);
const first = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 1_000_000);
let total = 0;
let bad = 0;
for (let i = 0; i < runs; i++) {
  const seed = first + i;
  const list = scenarios(seed, count);
  if (values.verbose) for (const s of list) console.log(describeScenario(s));
  const t0 = Date.now();
  const { mismatches } = await runBatch(list, (l) => values.verbose && console.log(l));
  total += list.length;
  bad += mismatches.length;
  for (const m of mismatches) console.log(formatMismatch(m));
  console.log(`seed ${seed}: ${list.length} scenarios, ${mismatches.length} mismatches (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`${total} scenarios, ${bad} mismatches`);
process.exit(bad ? 1 : 0);
