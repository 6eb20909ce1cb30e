/// <reference path="../pb_data/types.d.ts" />
// OpenSync's schema (its collections and fields as its own server defines them), with fixed
// collection and field ids so the replica's copy (js/opensync/schema.json, exported from a server
// running this migration) matches the server's GET /api/collections exactly. Rules scope every row to its owner.
migrate(
  (app) => {
    const f = (collection, type, name, options) =>
      Object.assign({ id: `${collection}_${name}`, type, name }, options || {});
    const timestamps = (c) => [
      f(c, 'autodate', 'created', { onCreate: true, onUpdate: false }),
      f(c, 'autodate', 'updated', { onCreate: true, onUpdate: true }),
    ];
    const owner = 'user = @request.auth.id';
    const save = (definition) => app.save(new Collection(definition));

    const users = app.findCollectionByNameOrId('users');
    users.fields.add(new TextField({ id: 'users_autheliaId', name: 'autheliaId' }));
    users.fields.add(new URLField({ id: 'users_avatarUrl', name: 'avatarUrl' }));
    users.fields.add(new TextField({ id: 'users_profilePhotoId', name: 'profilePhotoId', max: 255 }));
    users.fields.add(new TextField({ id: 'users_apiKey', name: 'apiKey', max: 64 }));
    users.fields.add(new NumberField({ id: 'users_apiKeyCreatedAt', name: 'apiKeyCreatedAt' }));
    users.fields.add(new JSONField({ id: 'users_enabledAgents', name: 'enabledAgents' }));
    users.addIndex('idx_users_apiKey', false, 'apiKey', '');
    app.save(users);

    save({
      id: 'opensync_sessions',
      type: 'base',
      name: 'sessions',
      listRule: owner,
      viewRule: `${owner} || isPublic = true`,
      createRule: `@request.auth.id != "" && ${owner}`,
      updateRule: owner,
      deleteRule: owner,
      fields: [
        f('sessions', 'relation', 'user', {
          collectionId: '_pb_users_auth_',
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        }),
        f('sessions', 'text', 'externalId', { required: true, max: 255 }),
        f('sessions', 'text', 'title', { max: 500 }),
        f('sessions', 'text', 'projectPath', { max: 1000 }),
        f('sessions', 'text', 'projectName', { max: 255 }),
        f('sessions', 'text', 'model', { max: 100 }),
        f('sessions', 'text', 'provider', { max: 50 }),
        f('sessions', 'text', 'source'),
        f('sessions', 'number', 'promptTokens'),
        f('sessions', 'number', 'completionTokens'),
        f('sessions', 'number', 'totalTokens'),
        f('sessions', 'number', 'cost'),
        f('sessions', 'number', 'durationMs'),
        f('sessions', 'bool', 'isPublic'),
        f('sessions', 'text', 'publicSlug'),
        f('sessions', 'text', 'searchableText', { max: 100000 }),
        f('sessions', 'text', 'summary', { max: 20000 }),
        f('sessions', 'number', 'messageCount'),
        f('sessions', 'bool', 'evalReady'),
        f('sessions', 'date', 'reviewedAt'),
        f('sessions', 'text', 'evalNotes', { max: 20000 }),
        f('sessions', 'json', 'evalTags'),
        ...timestamps('sessions'),
      ],
      indexes: [
        'CREATE INDEX `idx_sessions_user` ON `sessions` (`user`)',
        'CREATE UNIQUE INDEX `idx_sessions_user_externalId` ON `sessions` (`user`, `externalId`)',
        'CREATE INDEX `idx_sessions_user_source` ON `sessions` (`user`, `source`)',
        'CREATE INDEX `idx_sessions_user_evalReady` ON `sessions` (`user`, `evalReady`)',
        'CREATE INDEX `idx_sessions_updated` ON `sessions` (`updated`)',
      ],
    });

    const viaSession = 'session.user = @request.auth.id';
    save({
      id: 'opensync_messages',
      type: 'base',
      name: 'messages',
      listRule: viaSession,
      viewRule: `${viaSession} || session.isPublic = true`,
      createRule: `@request.auth.id != "" && ${viaSession}`,
      updateRule: viaSession,
      deleteRule: viaSession,
      fields: [
        f('messages', 'relation', 'session', {
          collectionId: 'opensync_sessions',
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        }),
        f('messages', 'text', 'externalId', { required: true, max: 255 }),
        f('messages', 'select', 'role', { maxSelect: 1, values: ['user', 'assistant', 'system', 'unknown'] }),
        f('messages', 'text', 'textContent', { max: 200000 }),
        f('messages', 'text', 'model', { max: 100 }),
        f('messages', 'number', 'promptTokens'),
        f('messages', 'number', 'completionTokens'),
        f('messages', 'number', 'durationMs'),
        ...timestamps('messages'),
      ],
      indexes: [
        'CREATE INDEX `idx_messages_session` ON `messages` (`session`)',
        'CREATE INDEX `idx_messages_session_created` ON `messages` (`session`, `created`)',
        'CREATE UNIQUE INDEX `idx_messages_externalId` ON `messages` (`externalId`)',
      ],
    });

    const viaMessage = 'message.session.user = @request.auth.id';
    save({
      id: 'opensync_parts',
      type: 'base',
      name: 'parts',
      listRule: viaMessage,
      viewRule: `${viaMessage} || message.session.isPublic = true`,
      createRule: `@request.auth.id != "" && ${viaMessage}`,
      updateRule: viaMessage,
      deleteRule: viaMessage,
      fields: [
        f('parts', 'relation', 'message', {
          collectionId: 'opensync_messages',
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        }),
        f('parts', 'text', 'type', { max: 100 }),
        f('parts', 'json', 'content', { maxSize: 1048576 }),
        f('parts', 'number', 'order', { required: false }),
        ...timestamps('parts'),
      ],
      indexes: [
        'CREATE INDEX `idx_parts_message` ON `parts` (`message`)',
        'CREATE INDEX `idx_parts_message_order` ON `parts` (`message`, `order`)',
      ],
    });

    save({
      id: 'opensync_apiLogs',
      type: 'base',
      name: 'apiLogs',
      listRule: owner,
      viewRule: owner,
      createRule: null,
      updateRule: null,
      deleteRule: owner,
      fields: [
        f('apiLogs', 'relation', 'user', {
          collectionId: '_pb_users_auth_',
          maxSelect: 1,
          required: true,
          cascadeDelete: true,
        }),
        f('apiLogs', 'text', 'endpoint', { max: 500 }),
        f('apiLogs', 'select', 'method', {
          maxSelect: 1,
          values: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        }),
        f('apiLogs', 'number', 'statusCode', { max: 599 }),
        f('apiLogs', 'number', 'responseTimeMs'),
        ...timestamps('apiLogs'),
      ],
      indexes: ['CREATE INDEX `idx_apiLogs_user_created` ON `apiLogs` (`user`, `created` DESC)'],
    });

    // Embeddings: the plain JSON number array is always accepted; compact encodings come with
    // vector search (see the README's roadmap).
    const embeddings = (name, relations) =>
      save({
        id: `opensync_${name}`,
        type: 'base',
        name,
        listRule: owner,
        viewRule: owner,
        createRule: `@request.auth.id != "" && ${owner}`,
        updateRule: owner,
        deleteRule: owner,
        fields: [
          ...relations.map(([field, target]) =>
            f(name, 'relation', field, {
              collectionId: target,
              maxSelect: 1,
              required: true,
              cascadeDelete: true,
            }),
          ),
          f(name, 'json', 'embedding', { maxSize: 262144 }),
          f(name, 'text', 'textHash', { max: 128 }),
          ...timestamps(name),
        ],
        indexes: [`CREATE INDEX \`idx_${name}_user\` ON \`${name}\` (\`user\`)`],
      });
    embeddings('sessionEmbeddings', [
      ['session', 'opensync_sessions'],
      ['user', '_pb_users_auth_'],
    ]);
    embeddings('messageEmbeddings', [
      ['message', 'opensync_messages'],
      ['session', 'opensync_sessions'],
      ['user', '_pb_users_auth_'],
    ]);

    const settings = app.settings();
    settings.batch.enabled = true;
    settings.batch.maxRequests = 500;
    settings.batch.timeout = 30;
    app.save(settings);
  },
  (app) => {
    for (const name of [
      'messageEmbeddings',
      'sessionEmbeddings',
      'apiLogs',
      'parts',
      'messages',
      'sessions',
    ]) {
      app.delete(app.findCollectionByNameOrId(name));
    }
  },
);
