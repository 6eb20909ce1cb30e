/// <reference path="../pb_data/types.d.ts" />
// The tombstones feed: one row per deleted record of a synced collection, written by
// pb_hooks/tombstones.pb.js, so a replica that was offline learns of deletes (PocketBase itself
// keeps none). Clients only read their own; nobody writes them through the API.
migrate(
  (app) => {
    app.save(
      new Collection({
        id: 'pocketlite_tombstones',
        type: 'base',
        name: 'tombstones',
        listRule: 'owner = @request.auth.id',
        viewRule: 'owner = @request.auth.id',
        createRule: null,
        updateRule: null,
        deleteRule: null,
        fields: [
          { id: 'tombstones_coll', type: 'text', name: 'coll', required: true, max: 255 },
          { id: 'tombstones_recordId', type: 'text', name: 'recordId', required: true, max: 255 },
          { id: 'tombstones_owner', type: 'text', name: 'owner', max: 255 },
          { id: 'tombstones_created', type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
          { id: 'tombstones_updated', type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
        ],
        indexes: ['CREATE INDEX `idx_tombstones_owner_updated` ON `tombstones` (`owner`, `updated`)'],
      }),
    );
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('tombstones'));
  },
);
