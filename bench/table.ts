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
      `${row.name.padEnd(44)} ${row.value.toFixed(row.value >= 100 ? 0 : 2).padStart(14)} ${`${ratio.toFixed(2)}×`.padStart(12)}  ${row.note ?? ''}`,
    );
  }
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
