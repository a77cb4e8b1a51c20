/**
 * Libraries (botbuilder, botframework-connector) print to the console: stack traces, public keys,
 * token errors. Routed here into the structured log, one JSON line each, so the process writes
 * nothing else and an anonymous caller cannot spray stderr.
 */
import { format } from 'node:util';
import type { Logger } from 'pino';

/** Sends `console.*` output to `logger` (debug/info/log at debug, warn and error at warn). */
export function captureConsole(logger: Logger): void {
  /* eslint-disable no-console -- replacing the console is this function's job */
  const log = logger.child({ source: 'console' });
  const at =
    (level: 'debug' | 'warn') =>
    (...args: unknown[]): void => {
      log[level](format(...args));
    };
  console.log = at('debug');
  console.info = at('debug');
  console.debug = at('debug');
  console.warn = at('warn');
  console.error = at('warn');
  /* eslint-enable no-console */
}
