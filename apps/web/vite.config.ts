import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const apiOrigin = 'http://localhost:3000';

// What the service worker must never answer for: live data, the document socket, the board.
const NETWORK_ONLY = [/^\/api(\/|$)/, /^\/collab(\/|$)/, /^\/socket\.io(\/|$)/];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [
    react(),
    // The app shell opens offline after the first visit (a student on a train). Only the
    // built files are precached; there is no runtime caching, so /api, /collab and
    // socket.io always go to the network, and the document itself comes from IndexedDB.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        globIgnores: ['**/*.map'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: NETWORK_ONLY,
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
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
