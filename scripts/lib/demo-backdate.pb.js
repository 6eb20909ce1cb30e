/// <reference path="../../pocketbase/pb_data/types.d.ts" />
// Demo only (never in pocketbase/pb_hooks): lets the demo loader give generated records their
// generated `created`/`updated` dates, which the API always sets to now, so the dashboard shows
// 90 days of history. Superusers only; table names from a fixed list; values bound.
routerAdd('POST', '/api/pocketlite-demo/backdate', (e) => {
  if (!e.hasSuperuserAuth()) throw new ForbiddenError('superusers only');
  const body = e.requestInfo().body;
  const table = { sessions: 'sessions', messages: 'messages', parts: 'parts' }[body.collection];
  if (!table) throw new BadRequestError('unknown collection');
  e.app.runInTransaction((txApp) => {
    for (const row of body.rows) {
      txApp
        .db()
        .newQuery(`UPDATE ${table} SET created = {:created}, updated = {:updated} WHERE id = {:id}`)
        .bind({ id: String(row.id), created: String(row.created), updated: String(row.updated) })
        .execute();
    }
  });
  return e.json(200, { updated: body.rows.length });
});
