// The functions a Convex app registers, as pocketlite runs them: a query reads the replica and is
// kept live, a mutation writes it (through the outbox), an action does anything else (calls the
// server through the app's PocketBase client, or other services).
import type PocketBase from 'pocketbase';

import type { ReplicaSource } from '../source.js';

/** What a query or mutation receives: the replica (`db`) and the signed-in user. */
export interface FunctionContext {
  db: ReplicaSource;
  userId: string | null;
}

/**
 * What an action receives: the replica (reading `db` before it connects throws), the app's
 * PocketBase client (`pb`, given to the provider), and queries and mutations to run once.
 */
export interface ActionContext extends FunctionContext {
  pb: PocketBase;
  runQuery<Args, Result>(ref: QueryReference<Args, Result>, ...args: OptionalArgs<Args>): Promise<Result>;
  runMutation<Args, Result>(
    ref: MutationReference<Args, Result>,
    ...args: OptionalArgs<Args>
  ): Promise<Result>;
}

/** Convex's argument rule: a function whose arguments are all optional may be called without them. */
export type OptionalArgs<Args> = Record<string, never> extends Args ? [args?: Args] : [args: Args];

/** How a registered query's results are shaped: as stored, or as Convex documents (see toConvexDocument). */
export type DocumentShape = 'pocketbase' | 'convex';

type Handler<Ctx, Args, Result> = (ctx: Ctx, args: Args) => Promise<Result>;

/** A registered query: `run(ctx, args)` reads the replica. */
export interface QueryReference<Args, Result> {
  readonly kind: 'query';
  readonly name: string;
  readonly documents: DocumentShape;
  readonly run: Handler<FunctionContext, Args, Result>;
}
/** A registered mutation: writes the replica (through the outbox). */
export interface MutationReference<Args, Result> {
  readonly kind: 'mutation';
  readonly name: string;
  readonly documents: DocumentShape;
  readonly run: Handler<FunctionContext, Args, Result>;
}
/** A registered action: anything else, run as is. */
export interface ActionReference<Args, Result> {
  readonly kind: 'action';
  readonly name: string;
  readonly run: Handler<ActionContext, Args, Result>;
}

/**
 * A function's definition, in Convex's object form. `name` keys its live results (one per
 * function, e.g. 'sessions:list'); `documents: 'convex'` gives the handler a replica whose reads
 * return Convex-shaped documents (`_id`, `_creationTime`, dates as milliseconds).
 */
export interface FunctionDefinition<Ctx, Args, Result> {
  name?: string;
  documents?: DocumentShape;
  handler: Handler<Ctx, Args, Result>;
}

let anonymous = 0;

// `query(handler, name)` or `query({ name, documents, handler })`.
function definition<Ctx, Args, Result>(
  kind: string,
  given: Handler<Ctx, Args, Result> | FunctionDefinition<Ctx, Args, Result>,
  name: string | undefined,
) {
  const { handler, ...rest } = typeof given === 'function' ? { handler: given } : given;
  return {
    name: name ?? rest.name ?? `${kind}${++anonymous}`,
    documents: rest.documents ?? ('pocketbase' as const),
    run: handler,
  };
}

/** Registers a query. */
export function query<Args = Record<string, never>, Result = unknown>(
  handler: Handler<FunctionContext, Args, Result> | FunctionDefinition<FunctionContext, Args, Result>,
  name?: string,
): QueryReference<Args, Result> {
  return { kind: 'query', ...definition('query', handler, name) };
}

/** Registers a mutation. */
export function mutation<Args = Record<string, never>, Result = unknown>(
  handler: Handler<FunctionContext, Args, Result> | FunctionDefinition<FunctionContext, Args, Result>,
  name?: string,
): MutationReference<Args, Result> {
  return { kind: 'mutation', ...definition('mutation', handler, name) };
}

/** Registers an action. */
export function action<Args = Record<string, never>, Result = unknown>(
  handler:
    Handler<ActionContext, Args, Result> | Omit<FunctionDefinition<ActionContext, Args, Result>, 'documents'>,
  name?: string,
): ActionReference<Args, Result> {
  const { run, name: named } = definition('action', handler, name);
  return { kind: 'action', name: named, run };
}
