import { ConsoleLogger } from '@nestjs/common';

/** Nest's own start-up chatter (one line per module, route and gateway). */
const FRAMEWORK_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'WebSocketsController',
]);

/**
 * The console logger, minus the framework's boot lines at the 'log' level, so
 * that `npm start` shows what a person needs: where the data is, the URL and
 * the demo sign-ins. LOG_LEVEL=debug brings them back.
 */
export class AppLogger extends ConsoleLogger {
  constructor(private readonly showFrameworkLines: boolean) {
    super();
  }

  override log(message: unknown, context?: string): void {
    if (!this.showFrameworkLines && context !== undefined && FRAMEWORK_CONTEXTS.has(context))
      return;
    super.log(message, context);
  }
}
