/// <reference path="../pb_data/types.d.ts" />
// Ownership on every write: a create rule sees the new record, but an update rule sees the stored
// one, so a user could move their own row under someone else's session (or take a row's owner
// field) unless the request body is checked too. Each relation a user may write must lead to the
// user: `@request.body.<rel>` is the relation as sent, and its path is followed like a stored one.
// API keys are unique among users, so one user cannot claim another's key.
migrate(
  (app) => {
    const signedIn = '@request.auth.id != ""';
    // The record (as stored, or as created) belongs to the user, and the body moves it nowhere else.
    const owned = (path, bodyChecks) => ({
      createRule: `${signedIn} && ${path} = @request.auth.id${bodyChecks.create}`,
      updateRule: `${path} = @request.auth.id${bodyChecks.update}`,
    });
    // `@request.body.<rel>` leads to the user when it is sent; absent, the stored value stays.
    const bodyLeads = (relation, rest) =>
      ` && (@request.body.${relation}:isset = false || @request.body.${relation}${rest} = @request.auth.id)`;
    const rules = {
      sessions: owned('user', { create: '', update: bodyLeads('user', '') }),
      messages: owned('session.user', { create: '', update: bodyLeads('session', '.user') }),
      parts: owned('message.session.user', { create: '', update: bodyLeads('message', '.session.user') }),
      sessionEmbeddings: owned('user', {
        create: ' && session.user = @request.auth.id',
        update: bodyLeads('user', '') + bodyLeads('session', '.user'),
      }),
      messageEmbeddings: owned('user', {
        create: ' && session.user = @request.auth.id && message.session.user = @request.auth.id',
        update: bodyLeads('user', '') + bodyLeads('session', '.user') + bodyLeads('message', '.session.user'),
      }),
    };
    for (const [name, rule] of Object.entries(rules)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.createRule = rule.createRule;
      collection.updateRule = rule.updateRule;
      app.save(collection);
    }
    const users = app.findCollectionByNameOrId('users');
    users.removeIndex('idx_users_apiKey');
    users.addIndex('idx_users_apiKey', true, 'apiKey', "apiKey != ''");
    app.save(users);
  },
  (app) => {
    const owner = 'user = @request.auth.id';
    const previous = {
      sessions: owner,
      messages: 'session.user = @request.auth.id',
      parts: 'message.session.user = @request.auth.id',
      sessionEmbeddings: owner,
      messageEmbeddings: owner,
    };
    for (const [name, rule] of Object.entries(previous)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.createRule = `@request.auth.id != "" && ${rule}`;
      collection.updateRule = rule;
      app.save(collection);
    }
    const users = app.findCollectionByNameOrId('users');
    users.removeIndex('idx_users_apiKey');
    users.addIndex('idx_users_apiKey', false, 'apiKey', '');
    app.save(users);
  },
);
