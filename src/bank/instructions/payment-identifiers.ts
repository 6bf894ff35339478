import { parseAccountNumber } from '../../kernel/identifiers.ts';
import type { Pain001Version } from './transfer-instruction.ts';

/**
 * Message, payment-information, instruction and end-to-end ids. The XSD only bounds their length (Max35Text), but
 * banks route them through systems limited to the SWIFT/EPC restricted Latin set, and the EPC also forbids a
 * leading or trailing slash and a double slash. Hado generates these ids, so it keeps to the narrowest rule and
 * a bank never rewrites the id that ties a transfer to its obligation.
 */
const transferIdentifierPattern = /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/;

/** True when `text` is a 1–35 character id every bank carries unchanged (see the pattern's comment). */
export function isTransferIdentifier(text: string): boolean {
  return (
    transferIdentifierPattern.test(text) &&
    text.trim() === text &&
    !text.startsWith('/') &&
    !text.endsWith('/') &&
    !text.includes('//')
  );
}

/** A Korean bank code (금융결제원): three digits. Codes outside Hado's table of names are still valid codes. */
export function isBankCode(text: string): boolean {
  return /^\d{3}$/.test(text);
}

/**
 * BIC patterns of each version's XSD: 03 has BICIdentifier (letters only in the bank and country parts), 09 has
 * the 2014 BICFI rule that also allows digits in the bank part.
 */
const bicPatterns: Readonly<Record<Pain001Version, RegExp>> = {
  '03': /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/,
  '09': /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/,
};

/** True when `text` is a BIC the given version's XSD accepts. */
export function isBic(text: string, version: Pain001Version): boolean {
  return bicPatterns[version].test(text);
}

/** An account as pain.001 writes it: an IBAN, or a Korean domestic account number (a BBAN). */
export type AccountIdentification =
  | { readonly kind: 'iban'; readonly iban: string }
  | { readonly kind: 'bban'; readonly number: string };

/**
 * Reads an account as typed by a person: an IBAN (spaces allowed, checked by its mod-97 digits) when it starts
 * with two letters, otherwise a Korean account number (10–16 digits, hyphens allowed). Anything else is
 * undefined, so a typo never reaches the bank.
 */
export function identifyAccount(text: string): AccountIdentification | undefined {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (/^[A-Z]{2}/.test(compact)) return isIban(compact) ? { kind: 'iban', iban: compact } : undefined;
  const number = parseAccountNumber(text);
  return number === undefined ? undefined : { kind: 'bban', number };
}

/** True for a compact IBAN whose check digits hold (ISO 13616: the rearranged number mod 97 is 1). */
export function isIban(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const value = Number.parseInt(character, 36);
    // Letters expand to two digits (A = 10 … Z = 35), so the running remainder takes them digit by digit.
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder === 1;
}
