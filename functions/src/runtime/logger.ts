/**
 * The one logger of every entry point: JSON lines, one level switch (LOG_LEVEL: debug, info, warn, error,
 * silent; default info, and errors only under vitest unless LOG_LEVEL is set). Warnings and errors go to
 * stderr, the rest to stdout; Lambda sends both to CloudWatch.
 *
 * A module of our own rather than Powertools Logger: Powertools adds about 23 KB minified (8 KB gzipped)
 * to every bundle, and the api and exports bundles are already far over their 300 KB budget (see
 * bench/bundles.ts); the app needs only structured lines and a level. The service name is read from
 * POWERTOOLS_SERVICE_NAME, as Powertools would, so that switching later changes no setting.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One structured log line; `level` picks its threshold. Never tokens, bodies or personal data. */
export type LogEntry = Record<string, unknown>;

/** Where entries go: the shape the HTTP app's log option takes. */
export type LogSink = (entry: LogEntry) => void;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SILENT = new Set(['silent', 'off', 'none']);

export interface Logger {
  debug(msg: string, fields?: LogEntry): void;
  info(msg: string, fields?: LogEntry): void;
  warn(msg: string, fields?: LogEntry): void;
  error(msg: string, fields?: LogEntry): void;
  /** The same logger, with these fields on every line. */
  child(fields: LogEntry): Logger;
  /** The sink under this logger, or undefined when it writes nothing (LOG_LEVEL=silent). */
  readonly sink: LogSink | undefined;
}

/** The lowest level written, or undefined for silent. */
export function minimumLevel(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const wanted = env.LOG_LEVEL?.trim().toLowerCase();
  if (wanted && SILENT.has(wanted)) return undefined;
  if (wanted && wanted in LEVELS) return LEVELS[wanted as LogLevel];
  return env.VITEST ? LEVELS.error : LEVELS.info;
}

/** A sink of JSON lines at or above LOG_LEVEL; undefined when silent. */
export function logSink(env: NodeJS.ProcessEnv = process.env): LogSink | undefined {
  const min = minimumLevel(env);
  if (min === undefined) return undefined;
  const service = env.POWERTOOLS_SERVICE_NAME;
  return (entry) => {
    const level = LEVELS[entry.level as LogLevel] ?? LEVELS.info;
    if (level < min) return;
    const line = `${JSON.stringify({ time: new Date().toISOString(), ...(service ? { service } : {}), ...entry })}\n`;
    (level >= LEVELS.warn ? process.stderr : process.stdout).write(line);
  };
}

/** A logger over `sink` (undefined: silent), with `fields` on every line. */
export function createLogger(sink: LogSink | undefined, fields: LogEntry = {}): Logger {
  const at =
    (level: LogLevel) =>
    (msg: string, more: LogEntry = {}) =>
      sink?.({ level, msg, ...fields, ...more });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => createLogger(sink, { ...fields, ...more }),
    sink,
  };
}

/** The fields of an error worth a log line: its name and message, never its whole object. */
export function errorFields(e: unknown): LogEntry {
  return e instanceof Error ? { error: e.name, message: e.message } : { error: String(e) };
}

/** The process's logger: JSON lines at LOG_LEVEL. */
export const logger: Logger = createLogger(logSink());
