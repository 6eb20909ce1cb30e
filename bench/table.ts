/** Prints a benchmark table: one row per contender, with its ratio to the baseline row. */
export function printTable(
  title: string,
  unit: string,
  rows: Array<{ name: string; value: number; note?: string }>,
  higherIsBetter: boolean,
): void {
  const baseline = rows[0]!.value;
  console.log(`\n${title}`);
  console.log(`${'contender'.padEnd(44)} ${unit.padStart(14)} ${'vs baseline'.padStart(12)}  note`);
  for (const row of rows) {
    const ratio = higherIsBetter ? row.value / baseline : baseline / row.value;
    console.log(
      `${row.name.padEnd(44)} ${format(row.value).padStart(14)} ${`${ratio.toFixed(2)}×`.padStart(12)}  ${row.note ?? ''}`,
    );
  }
}

/** One contender of a fair comparison: what it is, the technique it uses, and one measured run. */
export interface Contender {
  name: string;
  /** How it does the work (journal mode, paging, batching, indexes...), printed beside its numbers. */
  technique: string;
  /** One run; returns the measured value (ms, rows/s...). */
  run: () => Promise<number> | number;
}

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Whole comparisons repeated; each round runs every contender once, in a rotated order. */
  rounds: number;
  /** Runs of every contender before the measured rounds, interleaved like them. */
  warmups?: number;
  unit: string;
  higherIsBetter: boolean;
}

/** Each contender's values and its per-round ratio to the baseline (the first contender). */
export interface Comparison {
  values: number[][];
  ratios: number[][];
}

/**
 * Runs contenders interleaved (every round rotates who goes first, so a warming machine or a
 * filling heap favours nobody) and repeats the whole comparison: each contender's values, one
 * per round.
 */
export async function interleave(
  runs: Array<() => Promise<number> | number>,
  rounds: number,
  warmups = 1,
): Promise<number[][]> {
  for (let w = 0; w < warmups; w++) for (const run of runs) await run();
  const values = runs.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++)
    for (let k = 0; k < runs.length; k++) {
      const i = (k + round) % runs.length;
      values[i]!.push(await runs[i]!());
    }
  return values;
}

/**
 * Prints each contender's median value and the min/median/max of its ratio to the baseline (the
 * first contender), the ratio taken per round. A ratio above 1 means better than the baseline.
 */
export function printComparison(
  title: string,
  contenders: Array<{ name: string; technique: string }>,
  values: number[][],
  options: { unit: string; higherIsBetter: boolean },
): Comparison {
  const ratios = values.map((vs) =>
    vs.map((v, round) => (options.higherIsBetter ? v / values[0]![round]! : values[0]![round]! / v)),
  );
  console.log(`\n${title}`);
  console.log(
    `${'contender'.padEnd(40)} ${`${options.unit} p50`.padStart(12)} ${'ratio min / median / max'.padStart(26)}  technique`,
  );
  contenders.forEach((c, i) => {
    const r = ratios[i]!;
    const span = `${Math.min(...r).toFixed(2)} / ${median(r).toFixed(2)} / ${Math.max(...r).toFixed(2)}×`;
    console.log(
      `${c.name.padEnd(40)} ${format(median(values[i]!)).padStart(12)} ${span.padStart(26)}  ${c.technique}`,
    );
  });
  return { values, ratios };
}

/** {@link interleave} then {@link printComparison}. */
export async function compare(
  title: string,
  contenders: Contender[],
  options: CompareOptions,
): Promise<Comparison> {
  const warmups = options.warmups ?? 1;
  const values = await interleave(
    contenders.map((c) => c.run),
    options.rounds,
    warmups,
  );
  return printComparison(
    `${title} (${options.rounds} interleaved rounds after ${warmups} warm-up)`,
    contenders,
    values,
    options,
  );
}

/** Median time (ms) of `runs` calls of `fn`, after three warm-up calls. */
export async function p50(runs: number, fn: () => unknown, warmups = 3): Promise<number> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function format(value: number): string {
  return value.toFixed(value >= 100 ? 0 : 2);
}
