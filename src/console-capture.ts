/**
 * Libraries (botbuilder, botframework-connector) print to the console: stack traces, public keys,
 * token errors. Routed here into the structured log, one JSON line each, so the process writes
 * nothing else and an anonymous caller cannot spray stderr.
 */
import { format } from 'node:util';
import type { Logger } from 'pino';

/**
 * Sends `console.*` output to `logger` at debug level, errors reduced to their name and message.
 * What libraries print is triggered by callers (botbuilder's token checks print for any forged
 * token, with public keys and stacks): at warn it would let anyone spray the log past the front
 * door's rate limit, and the bot logs each refusal itself.
 */
export function captureConsole(logger: Logger): void {
  /* eslint-disable no-console -- replacing the console is this function's job */
  const log = logger.child({ source: 'console' });
  const write = (...args: unknown[]): void => {
    log.debug(
      format(...args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : arg))),
    );
  };
  console.log = write;
  console.info = write;
  console.debug = write;
  console.warn = write;
  console.error = write;
  /* eslint-enable no-console */
}
