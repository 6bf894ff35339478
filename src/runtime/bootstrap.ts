import { systemActor } from '../audit/audit-log.ts';
import { createUser } from '../auth/users.ts';
import type { Db } from '../db/database.ts';
import { koreanBankNames } from '../kernel/identifiers.ts';
import type { Config } from './config.ts';

/** Korea's banks by their clearing codes; which of them participate is set by registration (or the demo). */
export async function ensureBankDirectory(db: Db): Promise<void> {
  const rows = Object.entries(koreanBankNames).map(([code, name]) => ({
    code,
    name: name.ko,
    name_en: name.en,
    participating: false,
  }));
  await db
    .insertInto('banks')
    .values(rows)
    .onConflict((conflict) => conflict.column('code').doNothing())
    .execute();
}

/** `hado serve` without --demo starts empty; the first admin comes from HADO_ADMIN_LOGIN/PASSWORD. */
export async function ensureFirstAdmin(db: Db, config: Config, now: Date): Promise<void> {
  if (!config.adminLogin || !config.adminPassword) return;
  const existing = await db.selectFrom('users').select('id').where('login', '=', config.adminLogin).executeTakeFirst();
  if (existing) return;
  await createUser(db, systemActor, now, {
    login: config.adminLogin,
    password: config.adminPassword,
    role: 'admin',
    displayName: 'Administrator',
  });
}
