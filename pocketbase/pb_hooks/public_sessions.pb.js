/// <reference path="../pb_data/types.d.ts" />
// GET /api/opensync/public/{slug}: a public session with its messages and their parts, for the
// share page (usePublicSession), without a login. Only sessions with isPublic = true are found;
// the slug is bound as a filter parameter. Eval notes and tags stay private.
routerAdd('GET', '/api/opensync/public/{slug}', (e) => {
  const slug = e.request.pathValue('slug');
  let session;
  try {
    session = e.app.findFirstRecordByFilter('sessions', 'publicSlug = {:slug} && isPublic = true', { slug });
  } catch (_) {
    return e.json(404, { status: 404, message: 'There is no public session with this link.', data: {} });
  }
  const messages = e.app.findRecordsByFilter('messages', 'session = {:id}', 'created', 0, 0, {
    id: session.id,
  });
  const withParts = messages.map((message) => {
    const parts = e.app.findRecordsByFilter('parts', 'message = {:id}', 'order', 0, 0, { id: message.id });
    return Object.assign(message.publicExport(), { parts: parts.map((part) => part.publicExport()) });
  });
  const body = session.publicExport();
  delete body.evalNotes;
  delete body.evalTags;
  return e.json(200, Object.assign(body, { messages: withParts }));
});
