#!/usr/bin/env bash
# Runs every benchmark; each prints a side-by-side table. Results go in bench/RESULTS.md by hand,
# with the machine and date: numbers are ratios against the named baseline in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh >/dev/null
npx tsx bench/ingest.ts "${INGEST_SESSIONS:-10000}"
npx tsx bench/size.ts
npx tsx bench/query.ts "${QUERY_SESSIONS:-10000}"
npx tsx bench/fts.ts "${FTS_SESSIONS:-10000}"
npx tsx bench/live.ts
npx tsx bench/sync.ts "${SYNC_SIZE:-bench}"
npx tsx bench/server-pages.ts "${PAGES_SESSIONS:-4000}" "${PAGES_MESSAGES_PER_SESSION:-50}"
npx tsx bench/delete-detection.ts "${DELETE_SESSIONS:-10000}" "${DELETE_MESSAGES_PER_SESSION:-20}"
npx tsx bench/analytics.ts "${ANALYTICS_SESSIONS:-10000}"
npx tsx bench/vector.ts "${VECTOR_COUNT:-100000}"
npx tsx bench/vector-filtered.ts "${VECTOR_FILTERED_COUNT:-40000}" 384 3
npx tsx bench/vector-filtered.ts "${VECTOR_FILTERED_COUNT:-40000}" 384 3 indexed
npx tsx bench/vector-filtered.ts real 384 3 # ~28k passages of real text, all-MiniLM-L6-v2 (bench/embed/)
npx tsx bench/vector-browser.ts "${VECTOR_BROWSER_COUNT:-50000}"
npx tsx bench/runtime-browser.ts "${RUNTIME_WRITES:-300}"
npx tsx bench/initial-sync-browsers.ts "${BROWSER_SYNC_SIZE:-demo}"
npx tsx bench/react-render.ts "${REACT_SESSIONS:-300}" "${REACT_WRITES:-60}"
npx tsx bench/demo-navigation.ts "${NAV_SESSIONS:-1000}" "${NAV_RELOADS:-5}"
npx tsx bench/heavy-user.ts
