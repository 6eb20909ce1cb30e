// Every link in the README and docs/ resolves inside the repository: a relative path names a file
// or folder that exists, and an anchor names a heading of its page (GitHub's slugs). The files the
// text cites in code spans (`js/…`, `tests/…`) exist too.
import fs from 'node:fs';
import path from 'node:path';

const pages = ['README.md', ...fs.readdirSync('docs').map((f) => path.join('docs', f))].filter((f) =>
  f.endsWith('.md'),
);

// GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(page: string): Set<string> {
  const text = fs.readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

function links(page: string): string[] {
  const text = fs.readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
}

test.each(pages)('every link of %s resolves in the repository', (page) => {
  const broken: string[] = [];
  for (const link of links(page)) {
    const [file, anchor] = link.split('#') as [string, string | undefined];
    const target = file === '' ? page : path.join(path.dirname(page), file);
    if (!fs.existsSync(target)) broken.push(link);
    else if (anchor && target.endsWith('.md') && !anchors(target).has(anchor)) broken.push(link);
  }
  expect(broken).toEqual([]);
});

// A cited path exists: as written, as a stem (`wasm/core/json_scan` for its .h and .cpp), or as a
// pattern whose `*` matches some file of its folder.
function cited(file: string): boolean {
  if (fs.existsSync(file)) return true;
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) return false;
  const pattern = new RegExp(`^${path.basename(file).replace(/[.]/g, '\\.').replace(/\*/g, '.*')}(\\..+)?$`);
  return fs.readdirSync(dir).some((name) => pattern.test(name));
}

test.each(pages)('every repository file %s cites exists', (page) => {
  const text = fs.readFileSync(page, 'utf8');
  const paths = [
    ...text.matchAll(/`((?:js|tests|scripts|bench|docs|demo|wasm|examples|pocketbase)\/[^`\s:,)]+)`/g),
  ];
  expect(paths.length).toBeGreaterThan(0);
  expect(paths.map((m) => m[1]!).filter((file) => !cited(file))).toEqual([]);
});
