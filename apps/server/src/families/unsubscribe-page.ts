import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { isDomainError } from '@commonplace/domain';
import { GuardianSummaryService } from './guardian-summary.service.js';

/** Where each weekly summary's unsubscribe link leads, outside the API and the web app. */
export const UNSUBSCRIBE_PATH = '/unsubscribe';

interface Outcome {
  readonly status: number;
  readonly en: string;
  readonly es: string;
}

const DONE: Outcome = {
  status: 200,
  en: 'You are unsubscribed: you will get no more weekly summaries by email.',
  es: 'Se ha dado de baja: no recibirá más resúmenes semanales por correo.',
};
const USED: Outcome = {
  status: 410,
  en: 'This link was already used: the weekly summary is already off. You can turn it on again on your family page.',
  es: 'Este enlace ya se usó: el resumen semanal ya está desactivado. Puede activarlo de nuevo en su página de familia.',
};
const INVALID: Outcome = {
  status: 404,
  en: 'This unsubscribe link is not valid. Copy the whole link from the email, or turn the summary off on your family page.',
  es: 'Este enlace para darse de baja no es válido. Copie el enlace completo del correo, o desactive el resumen en su página de familia.',
};

function page({ status, en, es }: Outcome): string {
  const title = status === 200 ? 'Unsubscribed' : 'Unsubscribe link';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Commonplace</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<main><h1>${title}</h1><p role="status">${en}</p><p lang="es">${es}</p></main>
</body></html>`;
}

/**
 * `GET /unsubscribe?token=…` (the link in the email) and `POST` (mail apps'
 * one-click unsubscribe): turns the guardian's weekly summary off and says so,
 * in English and Spanish; a used or forged token gets a clear page instead.
 */
export function serveUnsubscribePage(app: NestExpressApplication): void {
  const summaries = app.get(GuardianSummaryService);
  const handle = async (request: Request, response: Response) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    let outcome = DONE;
    try {
      await summaries.unsubscribe(token);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      outcome = error.code === 'families.summary-link-used' ? USED : INVALID;
    }
    response
      .status(outcome.status)
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(page(outcome));
  };
  const express = app.getHttpAdapter().getInstance() as {
    get(path: string, handler: (q: Request, s: Response, n: (e?: unknown) => void) => void): void;
    post(path: string, handler: (q: Request, s: Response, n: (e?: unknown) => void) => void): void;
  };
  for (const method of ['get', 'post'] as const)
    express[method](UNSUBSCRIBE_PATH, (request, response, next) => {
      handle(request, response).catch(next);
    });
}
