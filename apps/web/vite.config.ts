import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const apiOrigin = 'http://localhost:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    // Our condition first, so @commonplace/shared is read from its TypeScript source
    // and the web app never waits for (or drifts from) a separate build of it.
    conditions: ['@commonplace/source', ...defaultClientConditions],
    // y-websocket imports yjs too; two copies would silently break shared types.
    dedupe: ['yjs'],
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: apiOrigin },
      '/socket.io': { target: apiOrigin, ws: true },
      '/collab': { target: apiOrigin, ws: true },
    },
  },
});
