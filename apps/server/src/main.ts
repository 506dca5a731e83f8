import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config.js';
import { createApp } from './app.js';
import { FolderLockedError } from './database/folder-lock.js';

const logger = new Logger('Commonplace');

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
  const app = await createApp({ ...config, WEB_DIST: config.WEB_DIST ?? defaultWebDist });
  const url = await app.listen();
  logger.log(`Commonplace is running at ${url}`);
  if (app.seeded) {
    logger.log(
      `Demo sign-ins (password "${app.demoPassword}"): teacher "teacher"; students "ana", "ben", "cleo" (Otters) and "dev", "eli", "fay" (Herons).`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: saving every open document, then stopping.`);
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // Refusals to start that a person can act on are said plainly, without a stack trace.
  if (error instanceof ConfigError || error instanceof FolderLockedError) {
    logger.error(error.message);
  } else {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
});
