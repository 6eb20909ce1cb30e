/** Log levels, least to most severe; `silent` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Where the sync reports what it does; plug in the app's logger (console-compatible). */
export interface SyncLogger {
  debug(message: string, data?: unknown): void;
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** A logger that passes messages at `level` and above to `sink` (default: the console). */
export function leveledLogger(level: LogLevel, sink: SyncLogger = console): SyncLogger {
  const min = ORDER.indexOf(level);
  const at =
    (l: Exclude<LogLevel, 'silent'>) =>
    (message: string, data?: unknown): void => {
      if (ORDER.indexOf(l) < min) return;
      if (data === undefined) sink[l](`[pocketlite] ${message}`);
      else sink[l](`[pocketlite] ${message}`, data);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A line the sync logged, kept for devtools. */
export interface SyncLogEntry {
  /** When (ms since the epoch). */
  at: number;
  level: Exclude<LogLevel, 'silent'>;
  message: string;
}

/**
 * A logger that keeps the last `size` lines in `lines` (oldest first), then passes every line to
 * `next` (which filters by its level: the kept lines do not).
 */
export function recordingLogger(next: SyncLogger, lines: SyncLogEntry[], size: number): SyncLogger {
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, data?: unknown): void => {
      lines.push({ at: Date.now(), level, message });
      if (lines.length > size) lines.shift();
      next[level](message, data);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
