// Which user owns a record of each synced collection: the relation path from the record to its
// owner's id. A tombstone is visible to that user only. Add a line for every synced collection.
const OWNER_PATHS = {
  sessions: ['user'],
  messages: ['session', 'user'],
  parts: ['message', 'session', 'user'],
  apiLogs: ['user'],
  sessionEmbeddings: ['user'],
  messageEmbeddings: ['user'],
};

const storeKey = (id) => `pocketlite_owner_${id}`;

/**
 * The owner's id, following the path through relations; "" when a link is missing. In a cascade
 * the parent row is already gone when its children are deleted, so the owner of every record
 * being deleted is remembered (see remember/forget) and looked up by the parent's id.
 */
function ownerOf(app, record) {
  const path = OWNER_PATHS[record.collection().name];
  if (!path) return '';
  let current = record;
  for (let i = 0; i < path.length - 1; i++) {
    const id = current.getString(path[i]);
    if (!id) return '';
    const remembered = app.store().get(storeKey(id));
    if (remembered) return remembered;
    const target = current.collection().fields.getByName(path[i]).collectionId;
    try {
      current = app.findRecordById(target, id);
    } catch (_) {
      return '';
    }
  }
  return current.getString(path[path.length - 1]);
}

function remember(app, record, owner) {
  app.store().set(storeKey(record.id), owner);
}

function forget(app, record) {
  app.store().remove(storeKey(record.id));
}

module.exports = { OWNER_PATHS, ownerOf, remember, forget };
