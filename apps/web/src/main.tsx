import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { router } from './app/app.router';
import { AuthProvider } from './auth/auth-context';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing <div id="root">.');

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  </StrictMode>,
);
