import compression from 'compression';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  refuseInvalidTextInUrl,
  refuseUnstorableTextInJsonBody,
} from './invalid-text.middleware.js';

/**
 * What every response gets: compression (a school's shared connection carries the
 * app's JavaScript to thirty laptops at once) and helmet's security headers with a
 * content security policy that allows only this origin. Inline styles stay allowed:
 * React, the charts and the editor's carets set style attributes.
 *
 * Then text no store can keep is refused with a 400 before any route sees it: a
 * control character in the URL, a NUL anywhere in a JSON body. The JSON parser is
 * registered here (Nest then skips its own) so the body check can run after it.
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
  app.use(refuseInvalidTextInUrl);
  app.useBodyParser('json');
  app.use(refuseUnstorableTextInJsonBody);
}
