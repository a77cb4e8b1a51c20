/**
 * Process entry: config -> bot -> server, and a clean shutdown on SIGTERM/SIGINT.
 */
import { ConfigError, describeConfig, loadConfig } from './config';
import { startBot } from './bot';
import { captureConsole } from './console-capture';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/configuration.md.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  captureConsole(logger);
  logger.info({ config: describeConfig(config) }, 'starting');
  const bot = await startBot(config, logger);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Lockdown failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
