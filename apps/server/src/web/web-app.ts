import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { COLLAB_PATH } from '@commonplace/shared';

/**
 * Serves the built web app from the same port as the API, with client-side
 * routes falling back to index.html. Returns false when there is no build.
 */
export function serveWebApp(app: NestExpressApplication, dist: string): boolean {
  const root = resolve(dist);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(root, { index: false, maxAge: '1h', setHeaders: noCacheForIndex });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isAppRoute =
      request.method === 'GET' &&
      !request.path.startsWith('/api') &&
      !request.path.startsWith('/socket.io') &&
      !request.path.startsWith(COLLAB_PATH) &&
      request.accepts('html') === 'html';
    if (!isAppRoute) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  return true;
}

/** Built assets carry a content hash in their name, so they never change; the entry points do. */
function noCacheForIndex(response: Response, path: string): void {
  if (path.endsWith('.html') || path.endsWith('sw.js') || path.endsWith('.webmanifest'))
    response.setHeader('Cache-Control', 'no-cache');
  else if (/[\\/]assets[\\/]/.test(path))
    response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
