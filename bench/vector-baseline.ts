// The JavaScript baseline of the vector benchmarks, as an expert would write it: every vector in
// one contiguous Float32Array, a dot product with four accumulators, an insertion top-k, and for
// a filter the list of allowed rows computed once (as our kept filter is).

/** Rows of the `k` best dot products with `query` (unit vectors: cosine), best first; `among`
 * limits the search to those rows. */
export function bruteForce(
  arena: Float32Array,
  dimension: number,
  query: ArrayLike<number>,
  k: number,
  among: Int32Array | null,
): number[] {
  const scores = new Float64Array(k).fill(-Infinity);
  const rows = new Int32Array(k).fill(-1);
  const n = among ? among.length : arena.length / dimension;
  for (let j = 0; j < n; j++) {
    const row = among ? among[j]! : j;
    const base = row * dimension;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let d = 0; d < dimension; d += 4) {
      s0 += arena[base + d]! * query[d]!;
      s1 += arena[base + d + 1]! * query[d + 1]!;
      s2 += arena[base + d + 2]! * query[d + 2]!;
      s3 += arena[base + d + 3]! * query[d + 3]!;
    }
    const score = s0 + s1 + s2 + s3;
    if (score <= scores[k - 1]!) continue;
    let at = k - 1;
    while (at > 0 && scores[at - 1]! < score) {
      scores[at] = scores[at - 1]!;
      rows[at] = rows[at - 1]!;
      at--;
    }
    scores[at] = score;
    rows[at] = row;
  }
  return Array.from(rows).filter((row) => row >= 0);
}
