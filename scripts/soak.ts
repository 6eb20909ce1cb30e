// Long runs of the randomized convergence checker (scripts/lib/convergence/run.ts): schedules with
// consecutive seeds until the time is up, each reported as it ends; exits 1 on any violation.
// Usage: npm run soak -- [--minutes N] [--seed S] [--steps K] [--runs R] [--verbose]
// `npm run soak -- --longtask` instead runs the no-long-task browser test at full size: an initial
// sync of 10,000 sessions (~200k messages) from a real PocketBase, ~10 minutes (CI syncs 2,000).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

import { describe, runSchedule } from './lib/convergence/run.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    steps: { type: 'string', default: '150' },
    runs: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    longtask: { type: 'boolean', default: false },
  },
});
if (values.longtask) {
  const jest = spawnSync('npx', ['jest', 'tests/browser/runtime-longtask.test.ts'], {
    stdio: 'inherit',
    env: { ...process.env, LONGTASK_SESSIONS: '10000', NODE_OPTIONS: '--experimental-vm-modules' },
  });
  process.exit(jest.status ?? 1);
}
const deadline = Date.now() + Number(values.minutes) * 60_000;
const runs = values.runs ? Number(values.runs) : Infinity;
const totals = { schedules: 0, writes: 0, faultSteps: 0, faulted: 0, violations: 0 };
let seed = Number(values.seed);
console.log(`soak: from seed ${seed}, ${values.steps} steps a schedule, ${values.minutes} minutes`);
while (Date.now() < deadline && totals.schedules < runs) {
  const report = await runSchedule({
    seed,
    steps: Number(values.steps),
    log: values.verbose ? (line) => console.log(`  ${line}`) : undefined,
  });
  totals.schedules++;
  totals.writes += report.operations;
  totals.faultSteps += report.faults;
  totals.faulted += report.injected;
  totals.violations += report.violations.length;
  console.log(describe(report));
  seed++;
}
console.log(
  `soak done: ${totals.schedules} schedules, ${totals.writes} writes, ${totals.faultSteps} fault steps, ` +
    `${totals.faulted} requests faulted, ${totals.violations} violations`,
);
process.exit(totals.violations ? 1 : 0);
