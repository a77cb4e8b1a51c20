/**
 * Structured JSON logs (pino). Secrets are kept out by construction (nothing secret is passed to
 * a logger) and, as a second line of defence, redacted by path.
 */
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Paths that must never reach a log line, whatever a caller passes in. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'passwordProfile',
  '*.passwordProfile',
  'clientSecret',
  '*.clientSecret',
  'appPassword',
  '*.appPassword',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
];

/** Creates the process logger. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'lockdown' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
