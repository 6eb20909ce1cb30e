/// <reference path="../pb_data/types.d.ts" />
// Indexes the sync's pulls need: every pull pages through a collection in (updated, id) order, and
// without an index the server sorts the whole collection for every page.
migrate(
  (app) => {
    for (const name of ['users', 'messages', 'parts', 'apiLogs', 'sessionEmbeddings', 'messageEmbeddings']) {
      const collection = app.findCollectionByNameOrId(name);
      collection.addIndex(`idx_${name}_updated_id`, false, '`updated`, `id`', '');
      app.save(collection);
    }
  },
  (app) => {
    for (const name of ['users', 'messages', 'parts', 'apiLogs', 'sessionEmbeddings', 'messageEmbeddings']) {
      const collection = app.findCollectionByNameOrId(name);
      collection.removeIndex(`idx_${name}_updated_id`);
      app.save(collection);
    }
  },
);
