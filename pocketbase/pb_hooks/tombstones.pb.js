/// <reference path="../pb_data/types.d.ts" />
// Writes a tombstone for every deleted record of a synced collection, naming the deleted version
// (`recordUpdated`) so a replica never deletes a later re-creation (cascade deletes included:
// the hook runs once per deleted child, inside the parent's transaction). The owner is resolved
// before the delete and remembered for the children, whose parent row is gone by then. A crash between a top-level delete's
// commit and its tombstone loses that tombstone: the client's id-set reconciliation covers it.
onRecordDelete(
  (e) => {
    const { ownerOf, remember, forget } = require(`${__hooks}/tombstone_owners.js`);
    const owner = ownerOf(e.app, e.record);
    remember(e.app, e.record, owner);
    try {
      e.next();
    } finally {
      forget(e.app, e.record);
    }
    const tombstone = new Record(e.app.findCollectionByNameOrId('tombstones'));
    tombstone.set('coll', e.record.collection().name);
    tombstone.set('recordId', e.record.id);
    tombstone.set('owner', owner);
    tombstone.set('recordUpdated', e.record.getString('updated'));
    e.app.save(tombstone);
  },
  'sessions',
  'messages',
  'parts',
  'apiLogs',
  'sessionEmbeddings',
  'messageEmbeddings',
);
