import type { FastifyRequest } from 'fastify';
import * as OTPAuth from 'otpauth';
import { refuse } from '../http/refusals.ts';
import { stepUpValidityMs } from '../kernel/limits.ts';
import type { Role } from './caller.ts';

/**
 * TOTP second factor (RFC 6238: 6 digits, 30 s, SHA-1, as every authenticator app reads it) for the roles
 * that move or approve money, and step-up: a fresh code before approving a claim or changing an account.
 */
export const totpRoles: ReadonlySet<Role> = new Set(['official', 'bank', 'admin']);

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Hado',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, label: string): string {
  return totpFor(secret, label).toString();
}

/** Accepts the current code and one period either side (clock drift between phone and server). */
export function verifyTotp(secret: string, code: string, now: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secret, 'check').validate({ token: code, timestamp: now.getTime(), window: 1 }) !== null;
}

/** The code an authenticator app shows at `now` (for tests and the operator's recovery tooling). */
export function currentTotp(secret: string, now: Date): string {
  return totpFor(secret, 'check').generate({ timestamp: now.getTime() });
}

/**
 * Refuses unless the caller proved a TOTP code within the step-up window. A user without two-factor (only
 * possible where it is not enforced, as in the demo) passes: there is nothing to step up with.
 */
export function requireStepUp(request: FastifyRequest, now: Date): void {
  const session = request.session;
  if (!session?.totpConfirmed) return;
  const at = session.steppedUpAt?.getTime();
  if (at === undefined || now.getTime() - at > stepUpValidityMs) refuse('step_up_required');
}
