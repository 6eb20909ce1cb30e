/** Per-field validation errors, keyed by field name, as PocketBase returns them. */
export type FieldErrors = Record<string, { code: string; message: string; params?: Record<string, unknown> }>;

/** The plain-object form of an error: what crosses postMessage and what the engine emits. */
export interface PocketliteErrorData {
  name: 'PocketliteError';
  status: number;
  code: string;
  message: string;
  data: Record<string, unknown>;
}

/**
 * An error in PocketBase's shape (`status`, `message`, `data`) with a stable `code`.
 * Like the SDK's ClientResponseError, `response` holds the whole `{status, message, data}` body,
 * so `err.response.data.title.code` works in code written for the SDK.
 * Recognise it with {@link isPocketliteError}, which also works on objects that crossed a worker.
 */
export class PocketliteError extends Error {
  override readonly name = 'PocketliteError';
  readonly status: number;
  readonly code: string;
  readonly data: Record<string, unknown>;

  constructor(init: { status: number; code: string; message: string; data?: Record<string, unknown> }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.data = init.data ?? {};
  }

  /** The PocketBase error body. */
  get response(): { status: number; message: string; data: Record<string, unknown> } {
    return { status: this.status, message: this.message, data: this.data };
  }

  toJSON(): PocketliteErrorData {
    return { name: this.name, status: this.status, code: this.code, message: this.message, data: this.data };
  }

  /** Rebuilds an error from its plain-object form. */
  static from(data: Omit<PocketliteErrorData, 'name'>): PocketliteError {
    return new PocketliteError(data);
  }
}

/** True for a PocketliteError or its plain-object form (checked by name, not instanceof). */
export function isPocketliteError(value: unknown): value is PocketliteErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'PocketliteError' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}
