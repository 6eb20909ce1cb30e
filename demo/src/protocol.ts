/** Messages between the demo page and its worker. */
export type ToWorker =
  { type: 'start'; url: string; email: string; password: string } | { type: 'list'; limit: number };

export type FromWorker =
  | { type: 'progress'; collection: string; counts: Record<string, number> }
  | { type: 'ready'; counts: Record<string, number> }
  | { type: 'sessions'; items: Array<Record<string, unknown>> }
  | { type: 'error'; message: string };
