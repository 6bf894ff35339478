// Specifies two-factor sign-in for the roles that move or approve money: enrolment before anything else
// when enforced, a TOTP code at every sign-in after, and a fresh code (step-up) before changing accounts.
import { beforeAll, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { ManualClock } from '../kernel/clock.ts';
import { stepUpValidityMs } from '../kernel/limits.ts';
import { currentTotp } from './totp.ts';

describeEachEngine('two-factor sign-in', ({ handle }) => {
  let hado: TestApp;
  const clock = new ManualClock(new Date('2026-03-10T01:00:00Z'));
  beforeAll(async () => {
    hado = await createTestApp(handle(), { clock, totpEnforced: true });
  }, 120_000);

  const signIn = async (body: Record<string, string>) => {
    const response = await hado.anonymous().post('/api/v1/auth/login', body);
    const cookie = response.cookies.find((c) => c.name === 'hado_session');
    const headers = cookie
      ? { cookie: `hado_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken as string }
      : {};
    return {
      response,
      call: (method: string, url: string, payload?: unknown) =>
        hado.app.inject({
          method: method as 'GET',
          url,
          headers,
          ...(payload === undefined ? {} : { payload: payload as object }),
        }),
    };
  };

  test('an official must enrol before doing anything, then signs in with a code and steps up to verify an account', async () => {
    const first = await signIn({ login: 'official', password: 'hado-demo-2026' });
    expect(first.response.statusCode).toBe(200);
    const blocked = await first.call('GET', '/api/v1/contracts');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('totp_enrollment_required');

    const enrolled = await first.call('POST', '/api/v1/auth/totp/enroll', {});
    expect(enrolled.statusCode).toBe(200);
    const { secret, uri } = enrolled.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Hado:official\?/);
    expect(
      (
        await first.call('POST', '/api/v1/auth/totp/confirm', {
          code: '000000' === currentTotp(secret, clock.now()) ? '111111' : '000000',
        })
      ).json().error.code,
    ).toBe('totp_invalid');
    expect(
      (await first.call('POST', '/api/v1/auth/totp/confirm', { code: currentTotp(secret, clock.now()) })).statusCode,
    ).toBe(204);
    expect((await first.call('GET', '/api/v1/contracts')).statusCode).toBe(200);
    // A second enrolment cannot replace the active factor.
    expect((await first.call('POST', '/api/v1/auth/totp/enroll', {})).statusCode).toBe(409);

    const withoutCode = await signIn({ login: 'official', password: 'hado-demo-2026' });
    expect(withoutCode.response.statusCode).toBe(401);
    expect(withoutCode.response.json().error.code).toBe('totp_required');
    const wrongCode = await signIn({
      login: 'official',
      password: 'hado-demo-2026',
      totpCode: currentTotp(secret, new Date(clock.now().getTime() + 3_600_000)),
    });
    expect(wrongCode.response.json().error.code).toBe('totp_invalid');
    const second = await signIn({
      login: 'official',
      password: 'hado-demo-2026',
      totpCode: currentTotp(secret, clock.now()),
    });
    expect(second.response.statusCode).toBe(200);

    // Verifying an account by hand needs a code fresher than the step-up window.
    const workers = (await hado.admin().get('/api/v1/contracts/1/workers?limit=200')).json().items;
    const accountId = workers.at(-1).payeeAccountId;
    clock.advanceMs(stepUpValidityMs + 1000);
    const stale = await second.call('POST', `/api/v1/payee-accounts/${accountId}/mark-verified`, {
      reason: '현장 확인 완료',
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().error.code).toBe('step_up_required');
    expect(
      (await second.call('POST', '/api/v1/auth/step-up', { code: currentTotp(secret, clock.now()) })).statusCode,
    ).toBe(204);
    const fresh = await second.call('POST', `/api/v1/payee-accounts/${accountId}/mark-verified`, {
      reason: '현장 확인 완료',
    });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().verification).toBe('verified');

    // Approving a claim and recording the buyer's payment need the same fresh code.
    const claimId = (await hado.admin().get('/api/v1/claims')).json().items[0].id;
    clock.advanceMs(stepUpValidityMs + 1000);
    for (const [url, body] of [
      [`/api/v1/claims/${claimId}/approve`, {}],
      [`/api/v1/claims/${claimId}/payment`, { paidOn: '2026-03-10', amountWon: '1' }],
    ] as const) {
      const refused = await second.call('POST', url, body);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('step_up_required');
    }
    expect(
      (await second.call('POST', '/api/v1/auth/step-up', { code: currentTotp(secret, clock.now()) })).statusCode,
    ).toBe(204);
    const approved = await second.call('POST', `/api/v1/claims/${claimId}/approve`, {});
    expect(approved.json().error?.code).not.toBe('step_up_required');
  });

  test('roles that do not move money are not asked for a second factor', async () => {
    const prime = await signIn({ login: 'prime', password: 'hado-demo-2026' });
    expect((await prime.call('GET', '/api/v1/contracts')).statusCode).toBe(200);
  });
});
