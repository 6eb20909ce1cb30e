// A typed query builder over the PocketBase filter language. It produces the same filter text the
// SDK's `pb.filter()` would (every value quoted by `filter()`, then bound as an SQL parameter by
// the engine), so a query checks field names and value types at compile time and runs unchanged on
// the replica or, through `toOptions()`, on the server.
import { PocketliteError } from './engine/errors.js';
import { filter } from './filter.js';
import type { ListOptions, ListResult, RecordModel } from './model.js';

// The declared keys of T, without the index signature RecordModel carries.
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/** The filterable field names of a record type (not the API's collectionId/collectionName/expand). */
export type FieldOf<T> = Exclude<Extract<KnownKeys<T>, string>, 'collectionId' | 'collectionName' | 'expand'>;

/** Operators PocketBase accepts, with their `?` any-of forms for lists. */
export type EqualityOperator = '=' | '!=';
export type OrderOperator = '>' | '>=' | '<' | '<=';
export type LikeOperator = '~' | '!~';
export type Operator = EqualityOperator | OrderOperator | LikeOperator;

type Element<V> = V extends ReadonlyArray<infer E> ? E : never;

/** The operators that make sense for a field of type V. */
export type OperatorFor<V> = [V] extends [boolean]
  ? EqualityOperator
  : [V] extends [number]
    ? EqualityOperator | OrderOperator
    : [V] extends [ReadonlyArray<unknown>]
      ? LikeOperator
      : Operator;

/** The values a field of type V can be compared with (dates as Date or PocketBase date text). */
export type ValueFor<V> = [V] extends [boolean]
  ? boolean
  : [V] extends [number]
    ? number
    : [V] extends [string]
      ? V | string | Date | null
      : [V] extends [ReadonlyArray<unknown>]
        ? string
        : string | number | boolean | Date | null;

/** Fields holding lists (multiple select, relation or file). */
export type ListFieldOf<T> = {
  [K in FieldOf<T>]: T[K] extends ReadonlyArray<unknown> ? K : never;
}[FieldOf<T>];

/** A sort key: a field, `-field` for descending, `@random` or `@rowid`. */
export type SortKey<T> = FieldOf<T> | `-${FieldOf<T>}` | '@random' | '@rowid' | '-@rowid';

/** What a query runs against: a RecordService of the same record type. */
export interface QueryTarget<T> {
  getList(page?: number, perPage?: number, options?: ListOptions): Promise<ListResult<T>>;
  getFullList(options?: ListOptions): Promise<T[]>;
  getFirstListItem(filter: string, options?: Omit<ListOptions, 'filter'>): Promise<T>;
  count(filter?: string): Promise<number>;
}

/**
 * An immutable query: each method returns a new query, so partial queries can be shared.
 * @example
 * const q = replica.collection<SessionsRecord>('sessions').query()
 *   .where('totalTokens', '>', 0).where('source', '=', 'claude-code').sort('-updated');
 * const page = await q.getList(1, 20);
 */
export class Query<T extends RecordModel> {
  private constructor(
    private readonly target: QueryTarget<T> | null,
    private readonly conditions: readonly string[],
    private readonly options: Omit<ListOptions, 'filter'>,
  ) {}

  /** A query on `target` (a RecordService), or a detached one for building filters only. */
  static on<T extends RecordModel>(target: QueryTarget<T> | null = null): Query<T> {
    return new Query<T>(target, [], {});
  }

  /** ANDs `field op value`; names and value types are checked against the record type. */
  where<K extends FieldOf<T>>(field: K, op: OperatorFor<T[K]>, value: ValueFor<T[K]>): Query<T> {
    return this.and(filter(`${checked(field)} ${checkedOp(op)} {:v}`, { v: value }));
  }

  /** ANDs a condition on the values of a list field: every value (default) or any value matches. */
  whereEach<K extends ListFieldOf<T>>(
    field: K,
    op: Operator,
    value: ValueFor<Element<T[K]>> | string,
    match: 'every' | 'any' = 'every',
  ): Query<T> {
    const any = match === 'any' ? '?' : '';
    return this.and(filter(`${checked(field)}:each ${any}${checkedOp(op)} {:v}`, { v: value }));
  }

  /**
   * ANDs "the list field holds every one of `ids`" (a chat with ALL of these tags), in a form
   * that means the same on the server as here: one `~` on the field per id. Two `?=` conditions on
   * one field (`tags ?= a && tags ?= b`, or `tags.name ?= …` twice) look at the same joined row on
   * PocketBase and match nothing. `null` (an id that could not be resolved) matches nothing. Get
   * the ids from names with {@link resolveIds}.
   */
  whereHasAll<K extends ListFieldOf<T>>(field: K, ids: readonly string[] | null): Query<T> {
    if (ids === null) return this.and('id = ""'); // no record has an empty id
    for (const id of ids)
      if (!/^[A-Za-z0-9]+$/.test(id))
        throw new PocketliteError({
          status: 400,
          code: 'invalid_id',
          message: `whereHasAll takes record ids (letters and digits), got '${id}'`,
        });
    return ids.reduce<Query<T>>((q, id) => q.and(filter(`${checked(field)} ~ {:v}`, { v: id })), this);
  }

  /** ANDs a condition on the number of values of a list field. */
  whereLength<K extends ListFieldOf<T>>(
    field: K,
    op: EqualityOperator | OrderOperator,
    length: number,
  ): Query<T> {
    return this.and(filter(`${checked(field)}:length ${checkedOp(op)} {:v}`, { v: length }));
  }

  /** ANDs a filter written in PocketBase syntax, with `{:name}` values bound as `pb.filter()` does. */
  whereFilter(expression: string, params: Record<string, unknown> = {}): Query<T> {
    return this.and(filter(expression, params));
  }

  /** ANDs the OR of the branches, each built from an empty query: `q.or(b => b.where(...), ...)`. */
  or(...branches: Array<(q: Query<T>) => Query<T>>): Query<T> {
    const parts = branches.map((b) => b(Query.on<T>()).toFilter()).filter(Boolean);
    return parts.length === 0 ? this : this.and(parts.map((p) => `(${p})`).join(' || '));
  }

  /** Sorts by these keys, in order; the engine always finishes with the id, so pages are stable. */
  sort(...keys: Array<SortKey<T>>): Query<T> {
    for (const key of keys) checked(key.replace(/^[-+]/, '').replace(/^@(random|rowid)$/, '$1'));
    return new Query(this.target, this.conditions, { ...this.options, sort: keys.join(',') });
  }

  /** Relations to expand, as in the REST API (`user`, `session.user`, `messages_via_session`). */
  expand(...paths: string[]): Query<T> {
    return new Query(this.target, this.conditions, { ...this.options, expand: paths.join(',') });
  }

  /** The keys to return (`id`, `title`, `body:excerpt(200,true)`, `expand.user.name`). */
  fields(...keys: string[]): Query<T> {
    return new Query(this.target, this.conditions, { ...this.options, fields: keys.join(',') });
  }

  /** The filter text, usable with the PocketBase SDK as well. */
  toFilter(): string {
    return this.conditions.length <= 1
      ? (this.conditions[0] ?? '')
      : this.conditions.map((c) => `(${c})`).join(' && ');
  }

  /** The SDK list options (`filter`, `sort`, `expand`, `fields`) this query stands for. */
  toOptions(): ListOptions {
    const text = this.toFilter();
    return text ? { ...this.options, filter: text } : { ...this.options };
  }

  getList(page = 1, perPage = 30, options: { skipTotal?: boolean } = {}): Promise<ListResult<T>> {
    return this.run().getList(page, perPage, { ...this.toOptions(), ...options });
  }

  getFullList(): Promise<T[]> {
    return this.run().getFullList(this.toOptions());
  }

  /** The first match; rejects with a 404 PocketliteError when nothing matches. */
  getFirstListItem(): Promise<T> {
    const { filter: text = '', ...options } = this.toOptions();
    return this.run().getFirstListItem(text, options);
  }

  count(): Promise<number> {
    return this.run().count(this.toFilter());
  }

  private and(condition: string): Query<T> {
    return new Query(this.target, [...this.conditions, condition], this.options);
  }

  private run(): QueryTarget<T> {
    if (!this.target)
      throw new Error('this query is not attached to a collection: use collection(...).query()');
    return this.target;
  }
}

const OPERATORS = new Set(['=', '!=', '>', '>=', '<', '<=', '~', '!~']);

// Types stop mistakes at compile time; these checks stop a cast or untyped caller at run time,
// so a name can never carry filter syntax.
function checked(field: string): string {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(field))
    throw new PocketliteError({
      status: 400,
      code: 'invalid_filter',
      message: `invalid field name '${field}'`,
    });
  return field;
}

function checkedOp(op: string): string {
  if (!OPERATORS.has(op))
    throw new PocketliteError({ status: 400, code: 'invalid_filter', message: `invalid operator '${op}'` });
  return op;
}

/**
 * The ids of the records of `target` whose `field` equals each of `values`, in order (the user's
 * own tags by name, resolved in the replica); null when one of them has no record.
 * @example
 * const tagIds = await resolveIds(replica.collection('tags'), 'name', ['work', 'urgent']);
 * const chats = await replica.collection('chats').query().whereHasAll('tags', tagIds).getFullList();
 */
export async function resolveIds<T extends RecordModel>(
  target: QueryTarget<T>,
  field: FieldOf<T>,
  values: readonly string[],
): Promise<string[] | null> {
  if (values.length === 0) return [];
  const found = await target.getFullList({
    filter: values.map((value) => filter(`${checked(field)} = {:v}`, { v: value })).join(' || '),
  });
  const ids = values.map((value) => found.find((r) => (r as Record<string, unknown>)[field] === value)?.id);
  return ids.every((id): id is string => id !== undefined) ? ids : null;
}
