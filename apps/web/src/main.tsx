import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { router } from './app/app.router';
import { AuthProvider } from './auth/auth-context';
import { startI18n } from './i18n/i18n';
import { loadCatalogue } from './i18n/locale-loader';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing <div id="root">.');

// The common strings (header, settings, errors) arrive before the first paint, so no page
// flashes in the wrong language; each page's own strings load with its chunk.
await startI18n(loadCatalogue);

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  </StrictMode>,
);
