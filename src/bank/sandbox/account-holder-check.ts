import type { Db } from '../../db/database.ts';
import type { AccountHolderCheck } from '../../http/app-context.ts';

/** The sandbox bank's answer to an account-holder check: the name on its books, if it holds the account. */
export function sandboxAccountHolderCheck(db: Db): AccountHolderCheck {
  return async (bankCode, accountNumber) => {
    const account = await db
      .selectFrom('sandbox_bank.accounts')
      .select(['holder_name', 'closed'])
      .where('bank_code', '=', bankCode)
      .where('account_number', '=', accountNumber)
      .executeTakeFirst();
    if (!account || account.closed) return { kind: 'not_found' };
    return { kind: 'found', holderName: account.holder_name };
  };
}
