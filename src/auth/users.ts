import type { Actor } from '../audit/audit-log.ts';
import { auditedWrite } from '../audit/audited-write.ts';
import type { Db } from '../db/database.ts';
import { refuse } from '../http/refusals.ts';
import type { UserRole } from './caller.ts';
import { hashPassword, passwordLengthMin } from './passwords.ts';

export type NewUser = {
  readonly login: string;
  readonly password: string;
  readonly role: UserRole;
  readonly displayName: string;
  readonly buyerId?: bigint;
  readonly firmId?: bigint;
  readonly bankId?: bigint;
  readonly locale?: 'ko' | 'en';
};

/** Creates a sign-in for a person acting for one party; the role decides which party it must name. */
export async function createUser(db: Db, actor: Actor, now: Date, user: NewUser): Promise<{ id: bigint }> {
  if (user.password.length < passwordLengthMin) refuse('weak_password', 'password');
  const needs = {
    buyerId: user.role === 'official',
    firmId: user.role === 'prime' || user.role === 'subcontractor' || user.role === 'supplier',
    bankId: user.role === 'bank',
  };
  for (const [field, needed] of Object.entries(needs)) {
    const given = user[field as keyof typeof needs] !== undefined;
    if (needed !== given)
      refuse(
        'invalid_request',
        field,
        needed ? `role ${user.role} needs ${field}` : `role ${user.role} takes no ${field}`,
      );
  }
  const passwordHash = await hashPassword(user.password);
  return auditedWrite(db, actor, now, async (tx) => {
    const taken = await tx.selectFrom('users').select('id').where('login', '=', user.login).executeTakeFirst();
    if (taken) refuse('login_taken', 'login');
    if (
      user.buyerId !== undefined &&
      !(await tx.selectFrom('buyers').select('id').where('id', '=', user.buyerId).executeTakeFirst())
    )
      refuse('unknown_buyer', 'buyerId');
    if (
      user.firmId !== undefined &&
      !(await tx.selectFrom('firms').select('id').where('id', '=', user.firmId).executeTakeFirst())
    )
      refuse('unknown_firm', 'firmId');
    if (
      user.bankId !== undefined &&
      !(await tx.selectFrom('banks').select('id').where('id', '=', user.bankId).executeTakeFirst())
    )
      refuse('unknown_bank', 'bankId');
    const row = await tx
      .insertInto('users')
      .values({
        login: user.login,
        password_hash: passwordHash,
        role: user.role,
        display_name: user.displayName,
        buyer_id: user.buyerId ?? null,
        firm_id: user.firmId ?? null,
        bank_id: user.bankId ?? null,
        locale: user.locale ?? 'ko',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      outcome: row,
      audit: [
        {
          action: 'user.created',
          entity: 'user',
          entityId: row.id,
          after: {
            login: user.login,
            role: user.role,
            buyerId: user.buyerId,
            firmId: user.firmId,
            bankId: user.bankId,
          },
        },
      ],
    };
  });
}
