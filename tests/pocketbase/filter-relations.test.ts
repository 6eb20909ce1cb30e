// Differential suite for the parts of the filter language OpenSync's schema does not exercise:
// multiple selects and relations, back-relations (`comments_via_post`), `:each`, `:length`,
// geoPoint paths and the functions `strftime` and `geoDistance`. The collections are created on a
// real PocketBase at run time; the replica takes the server's own definitions and records, and
// every filter must give the same ids as the server (or be refused where the server refuses it).
import PocketBase from 'pocketbase';

import { openReplica, type Replica } from '../../js/index.js';
import { Random } from '../../js/opensync/random.js';
import { startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { copyFromServer } from '../support/sync-harness.js';

const open = { listRule: '', viewRule: '' };
const text = (name: string) => ({ name, type: 'text' });
const relation = (name: string, collectionId: string, maxSelect = 1) => ({
  name,
  type: 'relation',
  collectionId,
  maxSelect,
});

let server: PocketBaseServer;
let pb: PocketBase;
let replica: Replica;

/** Creates tags, posts, comments and likes (one like per post: a unique back-relation). */
async function createCollections(admin: PocketBase): Promise<void> {
  const tags = await admin.collections.create({
    name: 'tags',
    type: 'base',
    ...open,
    fields: [text('name'), { name: 'color', type: 'select', maxSelect: 1, values: ['red', 'green', 'blue'] }],
  });
  const posts = await admin.collections.create({
    name: 'posts',
    type: 'base',
    ...open,
    fields: [
      text('title'),
      { name: 'labels', type: 'select', maxSelect: 3, values: ['a', 'b', 'c', 'd'] },
      relation('tags', tags.id, 5),
      relation('main', tags.id),
      { name: 'score', type: 'number' },
      { name: 'published', type: 'date' },
      { name: 'place', type: 'geoPoint' },
      { name: 'meta', type: 'json' },
      { name: 'files', type: 'file', maxSelect: 3, maxSize: 1000 },
      { name: 'created', type: 'autodate', onCreate: true },
    ],
  });
  await admin.collections.create({
    name: 'comments',
    type: 'base',
    ...open,
    fields: [relation('post', posts.id), text('body'), { name: 'votes', type: 'number' }],
  });
  await admin.collections.create({
    name: 'likes',
    type: 'base',
    ...open,
    fields: [relation('post', posts.id), relation('posts', posts.id, 3), { name: 'weight', type: 'number' }],
    indexes: ['CREATE UNIQUE INDEX `idx_likes_post` ON `likes` (`post`)'],
  });
}

const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(15 - prefix.length, '0')}`;

/** A seeded dataset with empty arrays, nulls, unicode and shared values. */
async function fill(admin: PocketBase): Promise<void> {
  const random = new Random(7);
  const words = ['alpha', 'Beta', 'gamma', 'Ünï', 'd_lt%', ''];
  for (let i = 0; i < 8; i++)
    await admin.collection('tags').create({
      id: id('tag', i),
      name: words[i % words.length],
      color: random.pick(['red', 'green', 'blue', '']),
    });
  for (let i = 0; i < 40; i++) {
    const tags = Array.from({ length: random.int(0, 4) }, () => id('tag', random.int(0, 7)));
    await admin.collection('posts').create({
      id: id('post', i),
      title: `${random.pick(words)} post ${i}`,
      labels: Array.from(
        new Set(Array.from({ length: random.int(0, 3) }, () => random.pick(['a', 'b', 'c', 'd']))),
      ),
      tags: Array.from(new Set(tags)),
      main: random.chance(0.7) ? id('tag', random.int(0, 7)) : '',
      score: random.int(-5, 20),
      published: random.chance(0.8)
        ? `2026-0${random.int(1, 9)}-${String(random.int(10, 28))} 1${random.int(0, 9)}:30:00.000Z`
        : '',
      place: { lon: random.int(-180, 180) / 2, lat: random.int(-90, 90) / 2 },
      meta: random.chance(0.5) ? { n: random.int(0, 5), list: [random.int(0, 3), 'x'] } : null,
    });
  }
  for (let i = 0; i < 90; i++)
    await admin.collection('comments').create({
      id: id('comment', i),
      post: id('post', random.int(0, 39)),
      body: `${random.pick(words)} says ${i}`,
      votes: random.int(0, 9),
    });
  const bodies = [
    '<p>Hello <b>world</b></p><script>x()</script><div>next&amp;line</div>',
    'Ünïcödé ✓ 日本語 text that is long enough to be cut inside a character',
    '  spaced\n\n  out\ttext  ',
    'a < b && c > d <br/> e<!-- hidden -->f',
  ];
  for (const [i, body] of bodies.entries())
    await admin.collection('comments').create({ id: id('html', i), post: id('post', i), body, votes: 0 });
  for (let i = 0; i < 25; i++)
    await admin.collection('likes').create({
      id: id('like', i),
      post: id('post', i),
      posts: [id('post', random.int(0, 39)), id('post', random.int(0, 39))],
      weight: random.int(1, 3),
    });
}

beforeAll(async () => {
  server = await startPocketBase();
  await createCollections(server.admin);
  await fill(server.admin);
  pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  const schema = (await server.admin.collections.getFullList()).filter((c) =>
    ['tags', 'posts', 'comments', 'likes'].includes(c.name),
  );
  replica = await openReplica({ url: server.url, userId: 'anonymous', schema: schema as never });
  await copyFromServer(pb, replica, ['tags', 'posts', 'comments', 'likes']);
}, 120_000);

afterAll(async () => {
  await replica?.close();
  await server?.stop();
});

const postFilters = [
  // multiple select
  'labels = "a"',
  'labels != "a"',
  'labels ?= "a"',
  'labels ?!= "a"',
  'labels ~ "a"',
  'labels ?~ "a"',
  'labels !~ "b"',
  'labels = ""',
  'labels != ""',
  'labels = null',
  'labels:each = "a"',
  'labels:each ?= "a"',
  'labels:each != "a"',
  'labels:each ?!= "a"',
  'labels:each ~ "b"',
  'labels:each ?~ "b"',
  'labels:length = 0',
  'labels:length > 1',
  'labels:length >= 2 && labels:each ?= "d"',
  // multiple relation
  'tags = "tag000000000001"',
  'tags ?= "tag000000000001"',
  'tags ~ "tag000000000001"',
  'tags:length = 0',
  'tags:length > 2',
  'tags:each ?= "tag000000000002"',
  'tags:each = "tag000000000002"',
  'tags.id ?= "tag000000000003"',
  'tags.id = "tag000000000003"',
  'tags.name = "alpha"',
  'tags.name ?= "alpha"',
  'tags.name ?!= "alpha"',
  'tags.name != "alpha"',
  'tags.name ~ "a"',
  'tags.name ?~ "ü"',
  'tags.color ?= "red"',
  'tags.color = ""',
  'tags.color ?= ""',
  'tags.name:lower ?= "beta"',
  'tags.name ?= main.name',
  'tags.id ?= main',
  // one join per path: both conditions hold for the same tag
  'tags.name = "alpha" && tags.color = "red"',
  'tags.name ?= "alpha" && tags.color ?= "red"',
  '(tags.name ?= "alpha" || score > 15) && tags.color ?!= "blue"',
  'tags.name:lower = "alpha" || labels:each ?= "c"',
  // lists on both sides
  'tags.color ?= main.color',
  'tags.color = main.color',
  'tags.name ?= comments_via_post.body',
  'tags.name != comments_via_post.body',
  'labels:each ?= tags.color',
  'comments_via_post.votes ?> likes_via_posts.weight',
  'comments_via_post.votes > likes_via_posts.weight',
  // single relation
  'main.name = "alpha"',
  'main.name = ""',
  'main.color != "red"',
  'main = ""',
  // back-relations
  'comments_via_post.votes > 3',
  'comments_via_post.votes ?> 7',
  'comments_via_post.votes ?= 0',
  'comments_via_post.body ?~ "alpha"',
  'comments_via_post.body ~ "says"',
  'comments_via_post.id != ""',
  'comments_via_post.id ?!= ""',
  'comments_via_post.id = ""',
  'likes_via_post.weight = 2',
  'likes_via_post.weight ?= 2',
  'likes_via_post.weight != 2',
  'likes_via_post.id = ""',
  'likes_via_posts.weight ?= 3',
  'likes_via_posts.weight = 3',
  'comments_via_post.post.score > 10',
  'comments_via_post.post.tags.name ?= "gamma"',
  'likes_via_post.posts.title ?~ "post 1"',
  // json and geoPoint paths
  'meta.n > 2',
  'meta.n = null',
  'meta.list.0 = 1',
  'meta.list.1 = "x"',
  'place.lon > 0',
  'place.lat < -10 && place.lon > 10',
  // functions
  'geoDistance(place.lon, place.lat, 0, 0) < 5000',
  'geoDistance(place.lon, place.lat, 12.5, 41.9) > 3000',
  'geoDistance(0, 0, place.lon, place.lat) <= 2000.5',
  "strftime('%Y-%m', published) = '2026-03'",
  'strftime(\'%m\', published) = "05"',
  "strftime('%Y', published) > '2025'",
  "strftime('%H', published) ?= '13'",
  "strftime('%w', published) = '1'",
  "strftime('%Y-%m-%d', published, 'start of month') = '2026-04-01'",
  "strftime('%d', published, '+1 day') = '11'",
  "strftime('%Y', created) = strftime('%Y', @now)",
  "strftime('%m', published) = strftime('%m', main.name)",
  "strftime('%s', published) > 1780000000",
];

const postErrors = [
  'labels:each:length = 1',
  'title:each = "a"',
  'score:length = 1',
  'nope_via_post.x = 1',
  'comments_via_nope.x = 1',
  'comments_via_body.x = 1',
  'unknown(score) = 1',
  'strftime() = 1',
  'geoDistance(1, 2, 3) = 1',
  'strftime(strftime(strftime(strftime("%Y")))) = 1',
];

/** Runs each filter on both sides; ids in order, or the error status. */
async function compare(collection: string, expressions: string[]): Promise<void> {
  const ids = (list: Promise<Array<{ id: string }>>) =>
    list.then((items) => items.map((r) => r.id)).catch((e: { status: number }) => `error ${e.status}`);
  const remote: unknown[] = [];
  const local: unknown[] = [];
  for (const filter of expressions) {
    remote.push([filter, await ids(pb.collection(collection).getFullList({ filter, sort: 'id' }))]);
    local.push([filter, await ids(replica.collection(collection).getFullList({ filter, sort: 'id' }))]);
  }
  expect(local).toEqual(remote);
}

test('multiple selects and relations, back-relations, :each, paths and functions match the server', async () => {
  await compare('posts', postFilters);
}, 120_000);

test('filters the server refuses are refused locally', async () => {
  await compare('posts', postErrors);
});

test('filters from the other side of a relation match the server', async () => {
  await compare('comments', [
    'post.tags.name ?= "alpha"',
    'post.labels ?= "b"',
    'post.labels:each ?= "b"',
    'post.comments_via_post.votes ?> 8',
    'post.likes_via_post.weight = 1',
  ]);
  await compare('likes', ['posts.title ?~ "1"', 'posts.tags.name ?= "gamma"', 'posts.id ?= post']);
}, 60_000);

test('sorts through single relations match the server; lists are refused as sort keys', async () => {
  for (const sort of ['main.name,-score,id', '-main.color,main.name,title', 'likes_via_post.weight,id']) {
    const remote = await pb.collection('posts').getFullList({ sort });
    const local = await replica.collection('posts').getFullList({ sort });
    expect([sort, local.map((r) => r.id)]).toEqual([sort, remote.map((r) => r.id)]);
  }
  await expect(replica.collection('posts').getList(1, 5, { sort: 'tags.name' })).rejects.toMatchObject({
    status: 400,
    message: expect.stringContaining('several values per record'),
  });
});

test('fields and :excerpt shape records as the server does', async () => {
  const shapes = [
    'id,body',
    'id,body:excerpt(12,true)',
    'body:excerpt(5)',
    '*,body:excerpt(30)',
    'id,expand.post.title',
    'expand.post.tags,expand.post.id',
    'post,expand.post.*',
    ...Array.from({ length: 14 }, (_, i) => `id,body:excerpt(${i + 1},true)`),
  ];
  for (const fields of shapes) {
    const options = { fields, expand: 'post', filter: 'votes = 0', sort: 'id' };
    const remote = await pb.collection('comments').getList(1, 50, options);
    const local = await replica.collection('comments').getList(1, 50, options);
    expect([fields, local.items]).toEqual([fields, remote.items]);
  }
  const one = (await pb.collection('comments').getFullList({ filter: 'votes = 0' }))[0]!.id;
  const fields = 'id,body:excerpt(8,true),nope';
  expect(await replica.collection('comments').getOne(one, { fields })).toEqual(
    await pb.collection('comments').getOne(one, { fields }),
  );
});

test('expand follows back-relations as the server does', async () => {
  for (const expand of [
    'comments_via_post',
    'likes_via_post',
    'likes_via_posts',
    'comments_via_post.post.main,tags',
    'main.posts_via_main',
    'likes_via_post.posts.tags',
    // Paths sharing a prefix expand into one tree, as on the server.
    'comments_via_post.post,comments_via_post.post.main, tags',
    'main.posts_via_main.tags,main',
  ]) {
    const options = { expand, sort: 'id', filter: 'score > 0' };
    const remote = await pb.collection('posts').getList(1, 20, options);
    const local = await replica.collection('posts').getList(1, 20, options);
    expect([expand, local.items]).toEqual([expand, remote.items]);
  }
});
