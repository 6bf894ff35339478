/**
 * The end-to-end id of the lender's part of an assigned obligation's transfer: `HADO-O<obligation>-L<loan>`,
 * distinct from the payee's part (`HADO-O<obligation>`), so the bank's reports of each tie back to the
 * obligation and to the loan. The same rule for SQL: group 1 is the obligation id, group 2 the loan id.
 */
export const lenderEndToEndIdOf = (obligationId: bigint, loanId: bigint): string => `HADO-O${obligationId}-L${loanId}`;

export const lenderEndToEndPattern = '^HADO-O([1-9][0-9]{0,17})-L([1-9][0-9]{0,17})$';

/** The loan id alone, for `substring(end_to_end_id from …)`. */
export const lenderEndToEndLoanPattern = '^HADO-O[1-9][0-9]{0,17}-L([1-9][0-9]{0,17})$';

export function parseLenderEndToEndId(text: string): { obligationId: bigint; loanId: bigint } | undefined {
  const match = new RegExp(lenderEndToEndPattern).exec(text.trim());
  return match ? { obligationId: BigInt(match[1]!), loanId: BigInt(match[2]!) } : undefined;
}
