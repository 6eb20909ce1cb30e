/// <reference path="../pb_data/types.d.ts" />
// Optional (copy it into pb_hooks/ to use it): gives SQLite the statistics its query planner
// needs for a heavy user's sync. Without them a page of messages (list rule
// `session.user = @request.auth.id`, sorted by updated, id) starts from the user's sessions, reads
// every one of their messages and sorts them all, for each page of 1000; with them SQLite walks
// the (updated, id) index and stops at the page (bench/server-pages.ts measures both). ANALYZE at
// boot, and SQLite's own upkeep every night.
onBootstrap((e) => {
  e.next();
  e.app.db().newQuery('ANALYZE').execute();
});

cronAdd('pocketlite-optimize', '17 3 * * *', () => {
  $app.db().newQuery('PRAGMA optimize').execute();
});
