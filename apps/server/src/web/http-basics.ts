import compression from 'compression';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * What every response gets: compression (a school's shared connection carries the
 * app's JavaScript to thirty laptops at once) and helmet's security headers with a
 * content security policy that allows only this origin. Inline styles stay allowed:
 * React, the charts and the editor's carets set style attributes.
 */
export function applyHttpBasics(app: NestExpressApplication): void {
  app.use(compression());
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          // 'self' covers same-origin WebSockets in current browsers; older ones need the schemes.
          connectSrc: ["'self'", 'ws:', 'wss:'],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
}
