// The randomized convergence checker (scripts/lib/convergence/run.ts) on fixed seeds: three client
// processes with replicas on disk, a real PocketBase and the fault proxy, each schedule mixing
// writes with faults (storms, lost answers, cut bodies, SIGKILLs of server and clients, revoked
// and expiring tokens, rule changes), then healed, drained and checked: no write lost, nothing
// resurrected or invented, every replica equal to what its user sees. Longer runs: npm run soak.
import { describe as report, runSchedule } from '../../scripts/lib/convergence/run.js';

const SEEDS = [1, 2, 3, 4, 5, 6];

test.each(SEEDS)(
  'seed %i: every replica converges to its user’s server view, nothing lost or resurrected',
  async (seed) => {
    const result = await runSchedule({ seed, steps: 80 });
    // On failure the message holds the seed, each violation and the schedule's event log.
    if (result.violations.length) throw new Error(report(result));
    expect(result.operations).toBeGreaterThan(10);
    expect(result.faults).toBeGreaterThan(5);
  },
  240_000,
);
