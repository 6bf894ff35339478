// Specifies sign-in: sessions by cookie, wrong passwords counted toward a lockout, sign-out ending the
// session, and the caller's identity as the server sees it.
import { beforeAll, describe, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { ManualClock } from '../kernel/clock.ts';
import { loginFailuresMax, loginLockoutMs, sessionIdleMs } from '../kernel/limits.ts';

describeEachEngine('authentication', ({ handle }) => {
  let hado: TestApp;
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
  beforeAll(async () => {
    hado = await createTestApp(handle(), { clock });
  }, 120_000);

  test('a demo login signs in and sees its own identity', async () => {
    const official = await hado.as('official');
    const me = (await official.get('/api/v1/auth/me')).json();
    expect(me).toMatchObject({ role: 'official', label: 'user:official' });
    expect(me.buyerId).toMatch(/^\d+$/);
  });

  test('a wrong password is refused without saying whether the login exists', async () => {
    const wrong = await hado.anonymous().post('/api/v1/auth/login', { login: 'prime', password: 'not-the-password' });
    const unknown = await hado
      .anonymous()
      .post('/api/v1/auth/login', { login: 'nobody', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(unknown.json().error.code).toBe('invalid_credentials');
  });

  test(`${loginFailuresMax} wrong passwords lock the account until the lockout passes`, async () => {
    for (let i = 0; i < loginFailuresMax; i += 1) {
      await hado.anonymous().post('/api/v1/auth/login', { login: 'supplier-equipment', password: 'wrong-password-x' });
    }
    const locked = await hado
      .anonymous()
      .post('/api/v1/auth/login', { login: 'supplier-equipment', password: 'hado-demo-2026' });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    clock.advanceMs(loginLockoutMs + 1000);
    const after = await hado
      .anonymous()
      .post('/api/v1/auth/login', { login: 'supplier-equipment', password: 'hado-demo-2026' });
    expect(after.statusCode).toBe(200);
  });

  describe('sessions', () => {
    const signIn = async (login: string) => {
      const response = await hado.anonymous().post('/api/v1/auth/login', { login, password: 'hado-demo-2026' });
      const cookie = response.cookies.find((c) => c.name === 'hado_session')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Strict');
      return { cookie: `hado_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken as string };
    };

    test('sign-out ends the session', async () => {
      const headers = await signIn('auditor');
      expect((await hado.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
      expect((await hado.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
      expect((await hado.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
    });

    test('a session idle for longer than the limit is over', async () => {
      const headers = await signIn('sub-electric');
      clock.advanceMs(sessionIdleMs + 1000);
      expect((await hado.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
    });

    test('a forged session token is nobody', async () => {
      const response = await hado.app.inject({
        method: 'GET',
        url: '/api/v1/contracts',
        headers: { cookie: 'hado_session=forged' },
      });
      expect(response.statusCode).toBe(401);
    });
  });

  test('the OpenAPI document lists every /api/v1 route with full paths', async () => {
    const document = (await hado.anonymous().get('/api/openapi.json')).json();
    const paths = Object.keys(document.paths);
    expect(paths).toContain('/api/v1/contracts/{id}/subcontracts');
    expect(paths.every((path) => path.startsWith('/api/v1/'))).toBe(true);
    const routes = hado.app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/v1/contracts');
  });

  test('/health answers 200 with the engine once ready', async () => {
    const response = await hado.anonymous().get('/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', engine: handle().engine });
  });
});
