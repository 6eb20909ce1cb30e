// Fails when the package's modules import each other in a circle (type-only imports included: a
// circle of types still ties the files together). Run by the test command.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../js');
const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
};
walk(root);

const imports = new Map();
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const targets = [];
  for (const [, spec] of text.matchAll(/(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g)) {
    const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '');
    const found = ['.ts', '.tsx'].map((ext) => target + ext).find((f) => fs.existsSync(f));
    if (found) targets.push(found);
  }
  imports.set(file, targets);
}

// Tarjan's strongly connected components: each component of more than one file is a circle.
let index = 0;
const stack = [];
const state = new Map();
const circles = [];
const visit = (file) => {
  const s = { index, low: index, onStack: true };
  index++;
  state.set(file, s);
  stack.push(file);
  for (const next of imports.get(file) ?? []) {
    const t = state.get(next);
    if (!t) {
      visit(next);
      s.low = Math.min(s.low, state.get(next).low);
    } else if (t.onStack) s.low = Math.min(s.low, t.index);
  }
  if (s.low === s.index) {
    const component = [];
    let f;
    do {
      f = stack.pop();
      state.get(f).onStack = false;
      component.push(path.relative(root, f));
    } while (f !== file);
    if (component.length > 1) circles.push(component.sort());
  }
};
for (const file of files) if (!state.has(file)) visit(file);
for (const circle of circles) console.error(`import circle: ${circle.join(' ↔ ')}`);
if (circles.length > 0) process.exit(1);
console.log(`no import circles among ${files.length} modules`);
