import type { CivilDate } from '../../kernel/civil-date.ts';
import type { BusinessNumber } from '../../kernel/identifiers.ts';

/**
 * The pain.001 versions Hado writes. 09 (ISO 2019) is the default because banks are phasing out 03 (ISO 2009);
 * 03 stays for banks that have not moved yet.
 */
export type Pain001Version = '09' | '03';

/** Every version Hado writes, default first (the CLI lists them in this order). */
export const pain001Versions: readonly Pain001Version[] = ['09', '03'];

/** Reads a `--version` argument; anything else is refused by the caller. */
export function parsePain001Version(text: string): Pain001Version | undefined {
  return pain001Versions.find((version) => version === text);
}

/** The XML namespace of a pain.001 version, e.g. `urn:iso:std:iso:20022:tech:xsd:pain.001.001.09`. */
export function pain001Namespace(version: Pain001Version): string {
  return `urn:iso:std:iso:20022:tech:xsd:pain.001.001.${version}`;
}

/**
 * A firm or a person named in the message. The business registration number is written only for firms: a
 * worker is identified by name and own account alone, the minimum the Personal Information Protection Act allows.
 */
export type Party = {
  readonly name: string;
  readonly businessNumber?: BusinessNumber;
};

/**
 * The bank holding an account. A Korean bank is named by its 3-digit code (금융결제원 code); a foreign bank by its
 * BIC. At least one is always given, so the compiler refuses an agent that names no bank.
 */
export type Agent =
  | { readonly bankCode: string; readonly bic?: string }
  | { readonly bankCode?: undefined; readonly bic: string };

/** Who pays the bank charges (ISO ChargeBearerType1Code). */
export type ChargeBearer = 'DEBT' | 'CRED' | 'SHAR' | 'SLEV';

/** One transfer: the payment of one obligation of the division to its payee. */
export type Transfer = {
  /** Ties the transfer to its obligation; the bank returns it in camt.054 and pain.002. 1–35 characters. */
  readonly endToEndId: string;
  /** Optional point-to-point reference between Hado and the debtor's bank. 1–35 characters. */
  readonly instructionId?: string;
  /** Minor units of `currency` (whole won for KRW). */
  readonly amountMinor: bigint;
  /** ISO 4217 code; KRW when absent. */
  readonly currency?: string;
  readonly creditor: Party;
  /** A Korean account number (digits, hyphens allowed) or an IBAN. */
  readonly creditorAccount: string;
  readonly creditorAgent: Agent;
  /** Free text for the payee's statement; cut to 140 characters (the XSD's limit) at a character boundary. */
  readonly remittance?: string;
};

/** One payment-information block: every transfer leaving one dedicated (debtor) account on one date. */
export type PaymentInformation = {
  readonly paymentInformationId: string;
  readonly requestedExecutionOn: CivilDate;
  readonly debtor: Party;
  /** The dedicated account: a Korean account number or an IBAN. */
  readonly debtorAccount: string;
  readonly debtorAgent: Agent;
  /** DEBT when absent: in Korean domestic transfers the sender pays the fee. */
  readonly chargeBearer?: ChargeBearer;
  readonly transfers: readonly Transfer[];
};

/** A divided payment to be sent to the bank as one pain.001 message. */
export type TransferInstruction = {
  /** Unique per message sent to the bank (the bank refuses a repeated one). 1–35 characters. */
  readonly messageId: string;
  readonly createdAt: Date;
  readonly initiatingParty: Party;
  readonly paymentInformation: readonly PaymentInformation[];
};
