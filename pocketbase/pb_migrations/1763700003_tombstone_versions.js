/// <reference path="../pb_data/types.d.ts" />
// Tombstones name the version they delete (`recordUpdated`, the deleted record's `updated`), so a
// replica never lets a delete remove a record that was created again with the same id later.
migrate(
  (app) => {
    const tombstones = app.findCollectionByNameOrId('tombstones');
    tombstones.fields.add(new TextField({ id: 'tombstones_recordUpdated', name: 'recordUpdated', max: 32 }));
    app.save(tombstones);
  },
  (app) => {
    const tombstones = app.findCollectionByNameOrId('tombstones');
    tombstones.fields.removeById('tombstones_recordUpdated');
    app.save(tombstones);
  },
);
