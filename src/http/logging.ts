/**
 * yoga's logger on pino. yoga logs every error its `maskError` replaced at error level; the gateway replaces the
 * errors it answers on purpose (bad input, upstream failures, which the upstream layer already logs), so those
 * become debug lines: a client must not be able to flood the error log with stacks by sending bad input.
 * An error of a request's answer (remembered by the request log, http/request-log.ts) is logged with that
 * request's `reqId`.
 */
import type { Logger } from 'pino';
import { requestIdOfError } from '../observability/request-scope.js';

type LogArgs = [unknown, ...unknown[]];
export interface YogaLogging {
  debug(...args: LogArgs): void;
  info(...args: LogArgs): void;
  warn(...args: LogArgs): void;
  error(...args: LogArgs): void;
}

export function yogaLogging(logger: Logger, isExpected: (error: unknown) => boolean): YogaLogging {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (first: unknown, ...rest: unknown[]) => {
      if (first instanceof Error) logger[level]({ reqId: requestIdOfError(first), err: first }, first.message);
      else logger[level](rest.length > 0 ? { details: rest } : {}, String(first));
    };
  const error = at('error');
  const debug = at('debug');
  return {
    debug,
    info: at('info'),
    warn: at('warn'),
    error: (first, ...rest) => (isExpected(first) ? debug(first, ...rest) : error(first, ...rest)),
  };
}
