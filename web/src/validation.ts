/**
 * Checks the forms make as the user types, with the same rules the API applies: the identifier rules are
 * the server's own (src/kernel/identifiers.ts, pure code shared with the browser), so a form can never
 * accept what the API refuses or refuse what it accepts. The API still checks everything again.
 */
import { parseAccountNumber, parseBusinessNumber, parseKoreanMobile } from '../../src/kernel/identifiers.ts';

export { koreanBankNames } from '../../src/kernel/identifiers.ts';

/** The error keys a check can give; each is a key under `errors.` in the locale files. */
export type FieldProblem =
  | 'required'
  | 'invalid_business_number'
  | 'invalid_phone'
  | 'invalid_account_number'
  | 'invalid_amount'
  | 'amount_not_whole_won'
  | 'invalid_date'
  | 'invalid_period'
  | 'account_owner_mismatch'
  | 'subcontract_exceeds_contract';

export const isBlank = (text: string) => text.trim() === '';

export const checkBusinessNumber = (text: string): FieldProblem | undefined =>
  isBlank(text) ? 'required' : parseBusinessNumber(text) ? undefined : 'invalid_business_number';

export const checkPhone = (text: string): FieldProblem | undefined =>
  isBlank(text) ? 'required' : parseKoreanMobile(text) ? undefined : 'invalid_phone';

export const checkAccountNumber = (text: string): FieldProblem | undefined =>
  isBlank(text) ? 'required' : parseAccountNumber(text) ? undefined : 'invalid_account_number';

/**
 * A won amount as typed (`1,250,000` or `1250000`) → the API's decimal text of whole won (`"1250000"`),
 * or why not. Won has no minor unit: `1000.5` is refused, never rounded.
 */
export function parseWonInput(text: string): { amountWon: string } | { problem: FieldProblem } {
  const compact = text.replace(/[,\s₩원]/g, '');
  if (compact === '') return { problem: 'required' };
  if (/^\d+\.\d+$/.test(compact) && !/^\d+\.0+$/.test(compact)) return { problem: 'amount_not_whole_won' };
  const whole = compact.replace(/\.0+$/, '');
  if (!/^\d{1,18}$/.test(whole)) return { problem: 'invalid_amount' };
  const amount = BigInt(whole);
  if (amount <= 0n) return { problem: 'invalid_amount' };
  return { amountWon: amount.toString() };
}

export const checkDate = (text: string): FieldProblem | undefined =>
  isBlank(text) ? 'required' : /^\d{4}-\d{2}-\d{2}$/.test(text) ? undefined : 'invalid_date';

/**
 * Names compared for the own-name account rule, as the API compares them (normaliseHolderName in
 * src/registry/registry.routes.ts): without spaces and the company-form marks Korean banks vary on.
 */
export const normaliseHolderName = (name: string) =>
  name
    .normalize('NFC')
    .replace(/\(주\)|㈜|주식회사|\(유\)|유한회사/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();

export const checkHolderName = (holderName: string, ownerName: string): FieldProblem | undefined =>
  isBlank(holderName)
    ? 'required'
    : normaliseHolderName(holderName) === normaliseHolderName(ownerName)
      ? undefined
      : 'account_owner_mismatch';
