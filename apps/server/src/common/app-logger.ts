import type { LogLevel } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { escapeLogText } from './log-text.js';

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
 *
 * Every message passes through `escapeLogText`: messages carry values people
 * sent (doc ids, names, error messages quoting them), and a line break or an
 * escape code in one must not forge a line or repaint the operator's terminal.
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

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    const resolved = this.resolveMessage(message);
    return super.stringifyMessage(
      typeof resolved === 'string' ? escapeLogText(resolved) : resolved,
      logLevel,
    );
  }

  // Called without a stack too, though typed with one.
  protected override printStackTrace(stack: string | undefined): void {
    super.printStackTrace(stack === undefined ? '' : escapeLogText(stack));
  }
}
