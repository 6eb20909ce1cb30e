// Size of what the browser downloads: our .wasm and JS glue, raw and gzipped, next to
// @sqlite.org/sqlite-wasm's, plus where our bytes go (object code per library, before linking).
// Run after the wasm build: npx tsx bench/size.ts
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

const require = createRequire(import.meta.url);
const sqliteDist = path.dirname(require.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'));
const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

const rows: Array<[string, string[]]> = [
  [
    '@sqlite.org/sqlite-wasm (sqlite3.wasm + index.mjs)',
    [path.join(sqliteDist, 'sqlite3.wasm'), path.join(sqliteDist, 'index.mjs')],
  ],
  ['pocketlite (pocketlite.wasm + pocketlite.mjs)', ['js/wasm/pocketlite.wasm', 'js/wasm/pocketlite.mjs']],
];
console.log('\nShipped engine size (budget: pocketlite ≤ 600 KB gzipped)');
console.log(
  `${'contender'.padEnd(52)} ${'raw'.padStart(10)} ${'gzipped'.padStart(10)} ${'vs baseline'.padStart(12)}`,
);
let baseline = 0;
for (const [name, files] of rows) {
  const raw = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const gz = files.reduce((n, f) => n + gzip(f), 0);
  baseline ||= gz;
  console.log(
    `${name.padEnd(52)} ${kb(raw).padStart(10)} ${kb(gz).padStart(10)} ${`${(gz / baseline).toFixed(2)}×`.padStart(12)}`,
  );
}

console.log('\nWhere pocketlite bytes go (wasm object code per static library, gzipped, before linking)');
for (const lib of ['libpocketlite_sqlite.a', 'libpocketlite_core.a']) {
  const file = path.join('build/wasm', lib);
  if (fs.existsSync(file))
    console.log(
      `${lib.padEnd(52)} ${kb(fs.statSync(file).size).padStart(10)} ${kb(gzip(file)).padStart(10)}`,
    );
}
