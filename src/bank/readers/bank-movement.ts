import type { CivilDate } from '../../kernel/civil-date.ts';

/** Money moved into the account (`credit`) or out of it (`debit`), as the bank reports it for this movement. */
export type Direction = 'credit' | 'debit';

/**
 * The entry status of ISO 20022 (`FUTR` since .05). Only `BOOK` is booked; the rest are flagged on the
 * movement and never booked (DESIGN §8).
 */
export type EntryStatus = 'BOOK' | 'PDNG' | 'INFO' | 'FUTR';

/** The bank file formats the readers recognise, e.g. `camt.053.001.08`, `pain.002.001.03`, `mt940`. */
export type StatementFormat = string;

/** The message as a whole: its detected format (for reporting only: every version shares one entry model). */
export type StatementDocument = {
  readonly format: StatementFormat;
  /** The message family without version: `camt.052`, `camt.053`, `camt.054`, `pain.002`, `mt940`, `mt942`. */
  readonly family: 'camt.052' | 'camt.053' | 'camt.054' | 'pain.002' | 'mt940' | 'mt942';
  /** The namespace as declared (`null` when there is none); Swiss `.ch.02` and other variants are kept here. */
  readonly namespace: string | null;
  readonly messageId: string | null;
};

/** One camt `Stmt`/`Rpt`/`Ntfctn`, or one MT940/MT942 statement (`:20:`). */
export type StatementHeader = {
  /** 0-based position of the statement in its file. */
  readonly statementIndex: number;
  readonly id: string | null;
  /** The account: an IBAN when the bank gives one, else its other identifier (`Othr/Id`, `:25:`). */
  readonly account: string | null;
  readonly accountScheme: 'iban' | 'other' | null;
  /** The account currency when the file states it (`Acct/Ccy`, MT balance currency). */
  readonly currency: string | null;
  /** Electronic or legal sequence number (`ElctrncSeqNb`, `LglSeqNb`, `:28C:`). */
  readonly sequence: string | null;
  readonly createdAt: string | null;
};

/** A balance line: `Bal` in camt, `:60F:`/`:62F:`/`:64:`/`:65:`/`:34F:` in MT940/MT942. */
export type StatementBalance = {
  readonly statementIndex: number;
  /** The ISO 20022 balance type code (`OPBD`, `CLBD`, …) or proprietary text; MT tags map to their ISO codes. */
  readonly type: string;
  readonly subType: string | null;
  /** Whether the balance opens or closes the statement for the balance check. */
  readonly role: 'opening' | 'closing' | null;
  /** The amount exactly as the bank wrote it (MT decimal comma turned into a point). */
  readonly amountText: string;
  /** Minor units, never negative; `null` when the amount is inexact or its currency unknown. */
  readonly amountMinor: bigint | null;
  readonly inexact: boolean;
  readonly currency: string;
  readonly direction: Direction;
  readonly date: CivilDate | null;
  readonly warnings: readonly string[];
};

/** One booked, pending or information entry (`Ntry`, `:61:`) before it is split into its details. */
export type BankEntry = {
  readonly statementIndex: number;
  /** 0-based position of the entry in its statement. */
  readonly entryIndex: number;
  readonly currency: string;
  readonly amountText: string;
  readonly amountMinor: bigint | null;
  readonly inexact: boolean;
  readonly direction: Direction;
  readonly reversal: boolean;
  readonly status: EntryStatus;
  readonly booked: boolean;
  /** Transaction details the entry was split into (0 when it had none and became one movement). */
  readonly detailCount: number;
  readonly bookedOn: CivilDate | null;
  readonly valueOn: CivilDate | null;
  readonly bankReference: string | null;
  readonly entryReference: string | null;
  readonly warnings: readonly string[];
};

/**
 * One movement of money on an account, normalised from any supported format: the unit reconciliation works
 * on. A batch entry becomes one movement per transaction detail.
 */
export type BankMovement = {
  readonly statementIndex: number;
  readonly entryIndex: number;
  /** 0-based position among the entry's details (0 for an entry without details). */
  readonly detailIndex: number;
  readonly account: string | null;
  readonly currency: string;
  readonly bookedOn: CivilDate | null;
  readonly valueOn: CivilDate | null;
  /** The amount as decimal text exactly as reported; `null` only when a batch detail carries none. */
  readonly amountText: string | null;
  /** Minor units (never negative: see `direction`); `null` when inexact, unknown currency or absent. */
  readonly amountMinor: bigint | null;
  /** More decimals than the currency has, not all zeros: flagged, never rounded (DESIGN §8). */
  readonly inexact: boolean;
  readonly direction: Direction;
  /** `RvslInd` true or an MT940 `RC`/`RD` mark: this movement undoes an earlier one. */
  readonly reversal: boolean;
  /** Return information or a bank transaction code that reports money coming back. */
  readonly returned: boolean;
  readonly returnReason: string | null;
  readonly status: EntryStatus;
  readonly booked: boolean;
  /** `Domain/Family/SubFamily` or proprietary code, MT940 `N`+type code. */
  readonly bankTransactionCode: string | null;
  /** The account servicer's reference (`AcctSvcrRef`, MT940 bank reference after `//`). */
  readonly bankReference: string | null;
  /** `NtryRef`, MT940 customer reference. */
  readonly entryReference: string | null;
  readonly endToEndId: string | null;
  readonly instructionId: string | null;
  readonly transactionId: string | null;
  readonly uetr: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittanceText: string | null;
  /** A structured creditor reference (`Strd/CdtrRefInf/Ref`: RF, Swiss QR/ISR, Finnish reference). */
  readonly creditorReference: string | null;
  readonly warnings: readonly string[];
};

/** The level a pain.002 status applies to. */
export type PaymentStatusLevel = 'group' | 'payment_information' | 'transaction';

/** One status from a pain.002 report: group, payment information or transaction, with its reason codes. */
export type PaymentStatus = {
  readonly level: PaymentStatusLevel;
  /** `ACCP`, `ACTC`, `RJCT`, `PDNG`, … (and Verification-of-Payee codes `RCVC`, `RVMC`, `RVNM`, `RVNA`). */
  readonly status: string;
  readonly reasons: readonly string[];
  readonly additionalInformation: readonly string[];
  readonly originalMessageId: string | null;
  readonly originalPaymentInformationId: string | null;
  readonly originalInstructionId: string | null;
  readonly originalEndToEndId: string | null;
};

/** What the readers yield, in document order, each as soon as it is complete. */
export type StatementEvent =
  | { readonly kind: 'document'; readonly document: StatementDocument }
  | { readonly kind: 'statement'; readonly statement: StatementHeader }
  | { readonly kind: 'balance'; readonly balance: StatementBalance }
  /** An entry, followed at once by its movements. */
  | { readonly kind: 'entry'; readonly entry: BankEntry }
  | { readonly kind: 'movement'; readonly movement: BankMovement }
  | { readonly kind: 'statement_end'; readonly statementIndex: number }
  | { readonly kind: 'status'; readonly status: PaymentStatus }
  /** A deviation in the file as a whole (not tied to one movement or balance). */
  | { readonly kind: 'warning'; readonly message: string };
