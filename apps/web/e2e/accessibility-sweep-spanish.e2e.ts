import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoAxeViolations } from './support/axe.js';
import type { SweepWorld } from './support/sweep.js';
import { ROLES, contextFor, startSweep, sweep } from './support/sweep.js';

describe('every page, every role, in Spanish, through axe-core (WCAG 2.2 AA)', () => {
  let world: SweepWorld;

  beforeAll(async () => {
    world = await startSweep();
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it('a form’s own checks speak Spanish, and the form with its errors passes axe', async () => {
    const { browser, server } = world;
    const context = await contextFor(browser, server.url, { role: 'visitor' }, { locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Inicia sesión en Commonplace' }).waitFor();
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await page.getByText('Escribe tu nombre de acceso.').waitFor();
    await page.getByText('Escribe tu contraseña.').waitFor();
    await expectNoAxeViolations(page, 'the sign-in form with its errors, in Spanish');
    await context.close();
  });

  it.each(ROLES.map((role) => [role]))(
    'as %s: every page in Spanish with no axe violation',
    async (role) => {
      const { browser, server, seeded } = world;
      const problems = await sweep(browser, server.url, seeded, await world.visitor(role), {
        locale: 'es-ES',
      });
      expect(problems).toEqual([]);
    },
    300_000,
  );
});
