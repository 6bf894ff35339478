import type { CivilDate } from '../../kernel/civil-date.ts';
import { statementEntryDetailsMax, xmlAttributesMax, xmlDepthMax, xmlTextBytesMax } from '../../kernel/limits.ts';
import { addDecimalTexts } from '../../kernel/money.ts';
import type {
  BankEntry,
  BankMovement,
  Direction,
  EntryStatus,
  PaymentStatus,
  PaymentStatusLevel,
  StatementDocument,
  StatementEvent,
  StatementHeader,
} from './bank-movement.ts';
import { readIsoDate, readStatementAmount, type StatementAmount } from './statement-amount.ts';
import { StatementError } from './statement-error.ts';
import { XmlTokenError, XmlTokenizer } from './xml-tokenizer.ts';

/** Limits of one ISO 20022 read; the defaults come from `kernel/limits.ts`. */
export type Iso20022ReaderOptions = {
  /** Names the file in error messages and warnings. */
  readonly file: string;
  readonly depthMax?: number;
  readonly textCharsMax?: number;
};

type Family = StatementDocument['family'];

/** The message element under `Document` names the family; the namespace only names the version. */
const familyByMessage: Readonly<Record<string, Family>> = {
  BkToCstmrAcctRpt: 'camt.052',
  BkToCstmrStmt: 'camt.053',
  BkToCstmrDbtCdtNtfctn: 'camt.054',
  CstmrPmtStsRpt: 'pain.002',
};
const statementElements = new Set(['Stmt', 'Rpt', 'Ntfctn']);
const versionPattern = /\b(camt\.05[234]|pain\.002)\.001\.(\d{2})\b/;

/**
 * Sub-families of the ISO bank transaction codes that report money coming back: a payment return (`RRTN`),
 * an unpaid or returned direct debit (`UPDD`), an ACH return (`ARET`), a direct-debit reversal (`PRDD`).
 */
const returnSubFamilies = new Set(['RRTN', 'UPDD', 'ARET', 'PRDD']);

/** Only these elements' text is kept; every other text node is skipped without allocating. */
// biome-ignore format: a word list reads better packed
const capturedNames = new Set([
  'Id', 'IBAN', 'Ccy', 'Amt', 'CdtDbtInd', 'Cd', 'Prtry', 'SubFmlyCd', 'Dt', 'DtTm', 'Sts', 'RvslInd',
  'AcctSvcrRef', 'NtryRef', 'EndToEndId', 'InstrId', 'TxId', 'UETR', 'Nm', 'Ustrd', 'Ref', 'AddtlNtryInf',
  'AddtlTxInf', 'ElctrncSeqNb', 'LglSeqNb', 'CreDtTm', 'MsgId', 'GrpSts', 'PmtInfSts', 'TxSts', 'OrgnlMsgId',
  'OrgnlPmtInfId', 'OrgnlInstrId', 'OrgnlEndToEndId', 'AddtlInf',
]);

const entryStatuses = new Set<string>(['BOOK', 'PDNG', 'INFO', 'FUTR']);

type StatementDraft = {
  id: string | null;
  account: string | null;
  accountScheme: 'iban' | 'other' | null;
  currency: string | null;
  sequence: string | null;
  createdAt: string | null;
  announced: boolean;
};

type BalanceDraft = {
  type: string | null;
  subType: string | null;
  amount: StatementAmount | null;
  currency: string | null;
  direction: string | null;
  date: CivilDate | null;
};

type CodeDraft = { domain: string | null; family: string | null; subFamily: string | null; proprietary: string | null };

type EntryDraft = CodeDraft & {
  amount: StatementAmount | null;
  currency: string | null;
  direction: string | null;
  reversal: boolean;
  status: string | null;
  bookedOn: CivilDate | null;
  valueOn: CivilDate | null;
  bankReference: string | null;
  entryReference: string | null;
  additionalInfo: string | null;
};

type DetailDraft = CodeDraft & {
  amount: StatementAmount | null;
  currency: string | null;
  transactionAmount: StatementAmount | null;
  transactionCurrency: string | null;
  direction: string | null;
  endToEndId: string | null;
  instructionId: string | null;
  transactionId: string | null;
  bankReference: string | null;
  uetr: string | null;
  debtorName: string | null;
  debtorAccount: string | null;
  creditorName: string | null;
  creditorAccount: string | null;
  unstructured: string | null;
  creditorReference: string | null;
  returned: boolean;
  returnReason: string | null;
  additionalInfo: string | null;
};

type StatusDraft = {
  status: string | null;
  reasons: string[];
  additionalInformation: string[];
  originalMessageId: string | null;
  originalPaymentInformationId: string | null;
  originalInstructionId: string | null;
  originalEndToEndId: string | null;
  emitted: boolean;
};

/**
 * A streaming reader for camt.052/053/054 (every version from .001.02 on) and pain.002 over `XmlTokenizer`. It
 * matches local names only, so a missing, capitalised (`Xmlns`) or Swiss namespace reads the same; it keeps
 * only the current entry in memory and refuses DTDs, deep nesting and oversized nodes as soon as they appear.
 * Feed it decoded text with `write`, collect events with `take` after each write, and `close` at the end.
 */
export class Iso20022Reader {
  readonly #file: string;
  readonly #depthMax: number;
  readonly #textCharsMax: number;
  readonly #tokenizer: XmlTokenizer;
  #events: StatementEvent[] = [];
  readonly #names: string[];
  #depth = 0;

  #capturing = false;
  #captureDepth = 0;
  #text = '';
  #amountCurrency: string | null = null;

  #namespace: string | null = null;
  #versionHint: string | null = null;
  #family: Family | null = null;
  #messageId: string | null = null;
  #documentEmitted = false;

  #messageDepth = 0;
  #statementDepth = 0;
  #balanceDepth = 0;
  #entryDepth = 0;
  #detailDepth = 0;
  #groupDepth = 0;
  #paymentDepth = 0;
  #transactionDepth = 0;

  #statementIndex = -1;
  #entryIndex = -1;
  #statement: StatementDraft = newStatement();
  #balance: BalanceDraft = newBalance();
  #entry: EntryDraft = newEntry();
  #details: DetailDraft[] = [];
  #detail: DetailDraft = newDetail();
  #group: StatusDraft = newStatus();
  #payment: StatusDraft = newStatus();
  #transaction: StatusDraft = newStatus();

  constructor(options: Iso20022ReaderOptions) {
    this.#file = options.file;
    this.#depthMax = options.depthMax ?? xmlDepthMax;
    this.#textCharsMax = options.textCharsMax ?? xmlTextBytesMax;
    this.#names = new Array<string>(this.#depthMax + 2).fill('');
    this.#tokenizer = new XmlTokenizer(
      {
        openTag: (name) => {
          this.#open(name);
          this.#tokenizer.captureText = this.#capturing && this.#depth === this.#captureDepth;
        },
        closeTag: () => this.#close(),
        text: (text) => this.#append(text),
      },
      { depthMax: this.#depthMax, nodeCharsMax: this.#textCharsMax, attributesMax: xmlAttributesMax },
    );
  }

  /** Feeds the next piece of decoded text; events it completes are available from `take`. */
  write(chunk: string): void {
    try {
      this.#tokenizer.write(chunk);
    } catch (error) {
      throw this.#asStatementError(error);
    }
  }

  /** Ends the document: refuses a truncated file or one without a statement or status report. */
  close(): void {
    try {
      this.#tokenizer.close();
    } catch (error) {
      throw this.#asStatementError(error);
    }
    this.#emitDocument();
    if (!this.#family) this.#refuse('no camt.052, camt.053, camt.054 or pain.002 message in this file');
  }

  /** Returns the events completed so far and forgets them. */
  take(): StatementEvent[] {
    const taken = this.#events;
    this.#events = [];
    return taken;
  }

  /** The detected format, once the message element has been read. */
  get format(): string | null {
    return this.#family ? formatOf(this.#family, this.#namespace, this.#versionHint) : null;
  }

  readonly #refuse: (reason: string) => never = (reason) => {
    throw new StatementError({ file: this.#file, line: this.#tokenizer.line, column: this.#tokenizer.column }, reason);
  };

  #asStatementError(error: unknown): StatementError {
    if (error instanceof StatementError) return error;
    if (!(error instanceof XmlTokenError)) throw error;
    const position = { file: this.#file, line: error.line, column: error.column };
    return new StatementError(position, error.kind === 'malformed' ? `malformed XML: ${error.reason}` : error.reason);
  }

  #open(qualified: string): void {
    const depth = this.#depth + 1;
    if (depth > this.#depthMax) this.#refuse(`XML nested deeper than ${this.#depthMax} elements`);
    this.#depth = depth;
    const colon = qualified.indexOf(':');
    const name = colon < 0 ? qualified : qualified.slice(colon + 1);
    this.#names[depth] = name;

    if (this.#messageDepth === 0) {
      this.#openOutsideMessage(name, colon < 0 ? '' : qualified.slice(0, colon), depth);
      return;
    }
    if (name === 'Amt') this.#amountCurrency = this.#tokenizer.attribute('Ccy') ?? null;
    if (capturedNames.has(name)) {
      this.#capturing = true;
      this.#captureDepth = depth;
      this.#text = '';
    } else {
      this.#capturing = false;
    }
    const parent = this.#names[depth - 1];
    if (this.#statementDepth > 0) {
      if (this.#entryDepth > 0) {
        if (name === 'TxDtls' && parent === 'NtryDtls' && depth === this.#entryDepth + 2) {
          this.#detailDepth = depth;
          this.#detail = newDetail();
        } else if (this.#detailDepth > 0 && name === 'RtrInf' && depth === this.#detailDepth + 1) {
          this.#detail.returned = true;
        }
      } else if (depth === this.#statementDepth + 1) {
        if (name === 'Ntry') {
          this.#announceStatement();
          this.#entryDepth = depth;
          this.#entryIndex += 1;
          this.#entry = newEntry();
          this.#details = [];
        } else if (name === 'Bal') {
          this.#announceStatement();
          this.#balanceDepth = depth;
          this.#balance = newBalance();
        } else if (name === 'TxsSummry') {
          this.#announceStatement();
        }
      }
    } else if (depth === this.#messageDepth + 1) {
      if (statementElements.has(name)) {
        this.#statementDepth = depth;
        this.#statementIndex += 1;
        this.#entryIndex = -1;
        this.#statement = newStatement();
      } else if (name === 'OrgnlGrpInfAndSts') {
        this.#groupDepth = depth;
        this.#group = newStatus();
      } else if (name === 'OrgnlPmtInfAndSts') {
        this.#paymentDepth = depth;
        this.#payment = newStatus();
      }
    } else if (name === 'TxInfAndSts' && this.#paymentDepth > 0 && depth === this.#paymentDepth + 1) {
      // The payment information's own status precedes its transactions, so it is reported first.
      this.#emitStatus('payment_information', this.#payment);
      this.#transactionDepth = depth;
      this.#transaction = newStatus();
      this.#transaction.originalPaymentInformationId = this.#payment.originalPaymentInformationId;
    }
  }

  #openOutsideMessage(name: string, prefix: string, depth: number): void {
    const tokenizer = this.#tokenizer;
    const declared = tokenizer.attribute(prefix === '' ? 'xmlns' : `xmlns:${prefix}`);
    if (declared !== undefined) this.#namespace = declared;
    if (this.#namespace === null && this.#versionHint === null) {
      for (let index = 0; index < tokenizer.attributeCount; index += 1) {
        const match = versionPattern.exec(tokenizer.attributeValues[index]!);
        if (match) this.#versionHint = match[0];
      }
    }
    const family = familyByMessage[name];
    if (family) {
      this.#messageDepth = depth;
      this.#family = family;
      return;
    }
    if (depth > 1 && this.#names[depth - 1] === 'Document') {
      this.#refuse(`not a bank statement or payment status report: <${name}>`);
    }
    if (depth > 4) this.#refuse('no camt.052, camt.053, camt.054 or pain.002 message element near the root');
  }

  #append(text: string): void {
    if (!this.#capturing || this.#depth !== this.#captureDepth) return;
    if (this.#text.length + text.length > this.#textCharsMax) {
      this.#refuse(`an XML text node longer than ${this.#textCharsMax} characters`);
    }
    this.#text += text;
  }

  #close(): void {
    const depth = this.#depth;
    if (depth === 0) return;
    if (this.#capturing && depth === this.#captureDepth) {
      this.#capturing = false;
      const value = this.#text.trim();
      if (value !== '') this.#leaf(depth, this.#names[depth]!, value);
    }
    if (depth === this.#detailDepth) this.#closeDetail();
    else if (depth === this.#entryDepth) this.#closeEntry();
    else if (depth === this.#balanceDepth) this.#closeBalance();
    else if (depth === this.#statementDepth) this.#closeStatement();
    else if (depth === this.#transactionDepth) {
      this.#emitStatus('transaction', this.#transaction);
      this.#transactionDepth = 0;
    } else if (depth === this.#paymentDepth) {
      this.#emitStatus('payment_information', this.#payment);
      this.#paymentDepth = 0;
    } else if (depth === this.#groupDepth) {
      this.#emitStatus('group', this.#group);
      this.#groupDepth = 0;
    } else if (depth === this.#messageDepth) {
      this.#messageDepth = 0;
    }
    this.#depth = depth - 1;
  }

  /** Routes one element's text by where it sits; positions are relative to the innermost open context. */
  #leaf(depth: number, name: string, value: string): void {
    if (this.#detailDepth > 0) this.#detailLeaf(depth - this.#detailDepth, name, value);
    else if (this.#entryDepth > 0) this.#entryLeaf(depth - this.#entryDepth, name, value);
    else if (this.#balanceDepth > 0) this.#balanceLeaf(depth - this.#balanceDepth, name, value);
    else if (this.#statementDepth > 0) this.#statementLeaf(depth - this.#statementDepth, name, value);
    else if (this.#transactionDepth > 0)
      this.#statusLeaf(this.#transactionDepth, depth, name, value, this.#transaction);
    else if (this.#paymentDepth > 0) this.#statusLeaf(this.#paymentDepth, depth, name, value, this.#payment);
    else if (this.#groupDepth > 0) this.#statusLeaf(this.#groupDepth, depth, name, value, this.#group);
    else if (name === 'MsgId' && this.#at(this.#messageDepth, 1) === 'GrpHdr' && depth === this.#messageDepth + 2) {
      this.#messageId = value;
    }
  }

  /** The local name `level` elements below the element at `base`. */
  #at(base: number, level: number): string | undefined {
    return this.#names[base + level];
  }

  #statementLeaf(level: number, name: string, value: string): void {
    const base = this.#statementDepth;
    const statement = this.#statement;
    if (level === 1) {
      if (name === 'Id') statement.id = value;
      else if (name === 'ElctrncSeqNb') statement.sequence = value;
      else if (name === 'LglSeqNb') statement.sequence ??= value;
      else if (name === 'CreDtTm') statement.createdAt = value;
    } else if (this.#at(base, 1) === 'Acct') {
      if (level === 2 && name === 'Ccy') statement.currency = value;
      else if (level === 3 && name === 'IBAN' && this.#at(base, 2) === 'Id') {
        statement.account = value;
        statement.accountScheme = 'iban';
      } else if (level === 4 && name === 'Id' && this.#at(base, 2) === 'Id' && this.#at(base, 3) === 'Othr') {
        statement.account = value;
        statement.accountScheme = 'other';
      }
    }
  }

  #balanceLeaf(level: number, name: string, value: string): void {
    const base = this.#balanceDepth;
    const balance = this.#balance;
    if (level === 1) {
      if (name === 'Amt') {
        balance.currency = this.#amountCurrency ?? this.#statement.currency;
        if (!balance.currency) this.#refuse('balance amount without currency');
        balance.amount = readStatementAmount(value, balance.currency, 'balance', this.#refuse);
      } else if (name === 'CdtDbtInd') balance.direction = value;
    } else if (level === 2 && this.#at(base, 1) === 'Dt' && (name === 'Dt' || name === 'DtTm')) {
      balance.date = readIsoDate(value, 'balance date', this.#refuse);
    } else if (level === 3 && this.#at(base, 1) === 'Tp' && (name === 'Cd' || name === 'Prtry')) {
      if (this.#at(base, 2) === 'CdOrPrtry') balance.type = value;
      else if (this.#at(base, 2) === 'SubTp') balance.subType = value;
    }
  }

  #entryLeaf(level: number, name: string, value: string): void {
    const base = this.#entryDepth;
    const entry = this.#entry;
    if (level === 1) {
      switch (name) {
        case 'Amt':
          entry.currency = this.#amountCurrency ?? this.#statement.currency;
          if (!entry.currency) this.#refuse('entry amount without currency');
          entry.amount = readStatementAmount(value, entry.currency, 'entry', this.#refuse);
          break;
        case 'CdtDbtInd':
          entry.direction = value;
          break;
        case 'RvslInd':
          entry.reversal = value === 'true' || value === '1';
          break;
        case 'Sts':
          entry.status = value;
          break;
        case 'NtryRef':
          entry.entryReference = value;
          break;
        case 'AcctSvcrRef':
          entry.bankReference = value;
          break;
        case 'AddtlNtryInf':
          entry.additionalInfo = entry.additionalInfo === null ? value : `${entry.additionalInfo} ${value}`;
          break;
      }
    } else if (level === 2) {
      const parent = this.#at(base, 1);
      if (parent === 'Sts' && (name === 'Cd' || name === 'Prtry')) entry.status = value;
      else if (parent === 'BookgDt' && (name === 'Dt' || name === 'DtTm')) {
        entry.bookedOn = readIsoDate(value, 'booking date', this.#refuse);
      } else if (parent === 'ValDt' && (name === 'Dt' || name === 'DtTm')) {
        entry.valueOn = readIsoDate(value, 'value date', this.#refuse);
      }
    } else if (this.#at(base, 1) === 'BkTxCd') {
      this.#codeLeaf(base, level, name, value, entry);
    }
  }

  /** `BkTxCd/Domn/Cd`, `BkTxCd/Domn/Fmly/Cd`, `BkTxCd/Domn/Fmly/SubFmlyCd`, `BkTxCd/Prtry/Cd`. */
  #codeLeaf(base: number, level: number, name: string, value: string, code: CodeDraft): void {
    const second = this.#at(base, 2);
    if (level === 3 && name === 'Cd') {
      if (second === 'Domn') code.domain = value;
      else if (second === 'Prtry') code.proprietary = value;
    } else if (level === 4 && second === 'Domn' && this.#at(base, 3) === 'Fmly') {
      if (name === 'Cd') code.family = value;
      else if (name === 'SubFmlyCd') code.subFamily = value;
    }
  }

  #detailLeaf(level: number, name: string, value: string): void {
    const base = this.#detailDepth;
    const detail = this.#detail;
    const first = this.#at(base, 1);
    if (level === 1) {
      if (name === 'Amt') {
        detail.currency = this.#amountCurrency ?? this.#entry.currency;
        if (!detail.currency) this.#refuse('transaction amount without currency');
        detail.amount = readStatementAmount(value, detail.currency, 'transaction', this.#refuse);
      } else if (name === 'CdtDbtInd') detail.direction = value;
      else if (name === 'AddtlTxInf') {
        detail.additionalInfo = detail.additionalInfo === null ? value : `${detail.additionalInfo} ${value}`;
      }
      return;
    }
    switch (first) {
      case 'Refs':
        if (level !== 2) return;
        if (name === 'EndToEndId') detail.endToEndId = value;
        else if (name === 'InstrId') detail.instructionId = value;
        else if (name === 'TxId') detail.transactionId = value;
        else if (name === 'AcctSvcrRef') detail.bankReference = value;
        else if (name === 'UETR') detail.uetr = value;
        return;
      case 'AmtDtls':
        if (level === 3 && name === 'Amt' && this.#at(base, 2) === 'TxAmt') {
          detail.transactionCurrency = this.#amountCurrency ?? this.#entry.currency;
          if (!detail.transactionCurrency) this.#refuse('transaction amount without currency');
          detail.transactionAmount = readStatementAmount(
            value,
            detail.transactionCurrency,
            'transaction',
            this.#refuse,
          );
        }
        return;
      case 'BkTxCd':
        this.#codeLeaf(base, level, name, value, detail);
        return;
      case 'RmtInf':
        if (level === 2 && name === 'Ustrd') {
          detail.unstructured = detail.unstructured === null ? value : `${detail.unstructured} ${value}`;
        } else if (
          level === 4 &&
          name === 'Ref' &&
          this.#at(base, 2) === 'Strd' &&
          this.#at(base, 3) === 'CdtrRefInf'
        ) {
          detail.creditorReference ??= value;
        }
        return;
      case 'RtrInf':
        if (level === 3 && this.#at(base, 2) === 'Rsn' && (name === 'Cd' || name === 'Prtry'))
          detail.returnReason = value;
        return;
      case 'RltdPties':
        this.#partyLeaf(base, level, name, value, detail);
        return;
    }
  }

  /** Names and accounts of the debtor and creditor, `Dbtr/Nm` (.02–.07) or `Dbtr/Pty/Nm` (.08 on). */
  #partyLeaf(base: number, level: number, name: string, value: string, detail: DetailDraft): void {
    const role = this.#at(base, 2);
    if (name === 'Nm' && (level === 3 || (level === 4 && this.#at(base, 3) === 'Pty'))) {
      if (role === 'Dbtr') detail.debtorName ??= value;
      else if (role === 'Cdtr') detail.creditorName ??= value;
      return;
    }
    if (role !== 'DbtrAcct' && role !== 'CdtrAcct') return;
    if (this.#at(base, 3) !== 'Id') return;
    const account =
      (level === 4 && name === 'IBAN') || (level === 5 && name === 'Id' && this.#at(base, 4) === 'Othr') ? value : null;
    if (account === null) return;
    if (role === 'DbtrAcct') detail.debtorAccount ??= account;
    else detail.creditorAccount ??= account;
  }

  #statusLeaf(base: number, depth: number, name: string, value: string, draft: StatusDraft): void {
    const level = depth - base;
    if (level === 1) {
      switch (name) {
        case 'GrpSts':
        case 'PmtInfSts':
        case 'TxSts':
          draft.status = value;
          return;
        case 'OrgnlMsgId':
          draft.originalMessageId = value;
          return;
        case 'OrgnlPmtInfId':
          draft.originalPaymentInformationId = value;
          return;
        case 'OrgnlInstrId':
          draft.originalInstructionId = value;
          return;
        case 'OrgnlEndToEndId':
          draft.originalEndToEndId = value;
          return;
      }
      return;
    }
    if (this.#at(base, 1) !== 'StsRsnInf') return;
    if (level === 2 && name === 'AddtlInf') draft.additionalInformation.push(value);
    // `StsRsnInf/Rsn/Cd` is the schema; `StsRsnInf/Cd` appears in older bank files and is read the same.
    else if ((name === 'Cd' || name === 'Prtry') && (level === 2 || (level === 3 && this.#at(base, 2) === 'Rsn'))) {
      draft.reasons.push(value);
    }
  }

  #emitDocument(): void {
    if (this.#documentEmitted || !this.#family) return;
    this.#documentEmitted = true;
    const format = formatOf(this.#family, this.#namespace, this.#versionHint);
    this.#events.push({
      kind: 'document',
      document: { format, family: this.#family, namespace: this.#namespace, messageId: this.#messageId },
    });
    if (this.#namespace === null) {
      this.#warn(
        this.#versionHint
          ? `the document declares no XML namespace (version ${this.#versionHint} taken from another attribute)`
          : `the document declares no XML namespace; ${this.#family} version unknown`,
      );
    } else {
      const match = versionPattern.exec(this.#namespace);
      if (!match) this.#warn(`unrecognised namespace "${this.#namespace}"`);
      else if (match[1] !== this.#family) {
        this.#warn(`namespace ${match[0]} does not match the message element (${this.#family})`);
      } else if (Number(match[2]) < 2 || Number(match[2]) > 13) {
        this.#warn(`version ${match[0]} is outside .001.02 to .001.13; read with the shared entry model`);
      }
    }
  }

  #warn(message: string): void {
    this.#events.push({ kind: 'warning', message: `${this.#file}: ${message}` });
  }

  #announceStatement(): void {
    const draft = this.#statement;
    if (draft.announced) return;
    draft.announced = true;
    this.#emitDocument();
    const statement: StatementHeader = {
      statementIndex: this.#statementIndex,
      id: draft.id,
      account: draft.account,
      accountScheme: draft.accountScheme,
      currency: draft.currency,
      sequence: draft.sequence,
      createdAt: draft.createdAt,
    };
    this.#events.push({ kind: 'statement', statement });
  }

  #closeStatement(): void {
    this.#announceStatement();
    this.#events.push({ kind: 'statement_end', statementIndex: this.#statementIndex });
    this.#statementDepth = 0;
  }

  #closeBalance(): void {
    this.#balanceDepth = 0;
    const draft = this.#balance;
    const where = `statement ${this.#statementIndex + 1}`;
    if (!draft.amount || !draft.currency) {
      this.#warn(`${where}: a balance without an amount was skipped`);
      return;
    }
    const warnings: string[] = [];
    if (draft.amount.warning) warnings.push(draft.amount.warning);
    const type = draft.type ?? 'UNKNOWN';
    if (draft.type === null) warnings.push('balance without a type code');
    let direction: Direction;
    if (draft.direction === 'CRDT') direction = 'credit';
    else if (draft.direction === 'DBIT') direction = 'debit';
    else {
      direction = 'credit';
      warnings.push(`${type} balance has no valid CdtDbtInd ("${draft.direction ?? ''}"); taken as credit`);
    }
    const role = type === 'OPBD' || type === 'PRCD' ? 'opening' : type === 'CLBD' ? 'closing' : null;
    this.#events.push({
      kind: 'balance',
      balance: {
        statementIndex: this.#statementIndex,
        type,
        subType: draft.subType,
        role,
        amountText: draft.amount.text,
        amountMinor: draft.amount.minor,
        inexact: draft.amount.inexact,
        currency: draft.currency,
        direction,
        date: draft.date,
        warnings,
      },
    });
  }

  #closeDetail(): void {
    this.#detailDepth = 0;
    if (this.#details.length >= statementEntryDetailsMax) {
      this.#refuse(`more than ${statementEntryDetailsMax} transaction details in one entry`);
    }
    this.#details.push(this.#detail);
  }

  #closeEntry(): void {
    this.#entryDepth = 0;
    const draft = this.#entry;
    if (!draft.amount || !draft.currency) this.#refuse('entry without an amount');
    const direction = directionOf(draft.direction);
    if (!direction) this.#refuse(`entry without a valid CdtDbtInd ("${draft.direction ?? ''}")`);
    const warnings: string[] = [];
    if (draft.amount.warning) warnings.push(draft.amount.warning);
    let status: EntryStatus;
    if (draft.status === null) {
      status = 'BOOK';
      warnings.push('entry has no status (Sts); taken as BOOK');
    } else if (entryStatuses.has(draft.status)) {
      status = draft.status as EntryStatus;
    } else {
      status = 'INFO';
      warnings.push(`unknown entry status "${draft.status}"; taken as INFO and not booked`);
    }
    if (status !== 'BOOK') warnings.push(`entry status ${status}: not booked`);
    const details = this.#details;
    this.#checkNetting(draft.amount, draft.currency, direction, details, warnings);
    const entry: BankEntry = {
      statementIndex: this.#statementIndex,
      entryIndex: this.#entryIndex,
      currency: draft.currency,
      amountText: draft.amount.text,
      amountMinor: draft.amount.minor,
      inexact: draft.amount.inexact,
      direction,
      reversal: draft.reversal,
      status,
      booked: status === 'BOOK',
      detailCount: details.length,
      bookedOn: draft.bookedOn,
      valueOn: draft.valueOn,
      bankReference: draft.bankReference,
      entryReference: draft.entryReference,
      warnings,
    };
    this.#events.push({ kind: 'entry', entry });
    if (details.length === 0) {
      this.#events.push({ kind: 'movement', movement: this.#movement(entry, draft, newDetail(), 0, entry.amountText) });
    } else {
      for (let index = 0; index < details.length; index += 1) {
        this.#events.push({
          kind: 'movement',
          movement: this.#movement(
            entry,
            draft,
            details[index]!,
            index,
            details.length === 1 ? entry.amountText : null,
          ),
        });
      }
    }
    this.#details = [];
  }

  /** A batch's details net to the entry: credits minus debits equal the entry (DESIGN §8). */
  #checkNetting(
    amount: StatementAmount,
    currency: string,
    direction: Direction,
    details: readonly DetailDraft[],
    warnings: string[],
  ): void {
    if (details.length === 0) return;
    if (this.#nettingHolds(amount, currency, direction, details)) return;
    let net = '0';
    for (let index = 0; index < details.length; index += 1) {
      const detail = details[index]!;
      const own = detailAmount(detail, details.length === 1);
      if (!own) {
        if (details.length === 1) return;
        warnings.push(`transaction detail ${index + 1} has no amount; the batch cannot be checked against the entry`);
        return;
      }
      if (own.currency !== currency) {
        warnings.push(`transaction detail ${index + 1} is in ${own.currency}, the entry in ${currency}; not netted`);
        return;
      }
      const detailDirection = directionOf(detail.direction) ?? direction;
      net = addDecimalTexts(net, detailDirection === 'credit' ? own.amount.text : `-${own.amount.text}`);
    }
    const signedEntry = direction === 'credit' ? amount.text : `-${amount.text}`;
    const difference = addDecimalTexts(net, signedEntry.startsWith('-') ? signedEntry.slice(1) : `-${signedEntry}`);
    if (/[1-9]/.test(difference)) {
      warnings.push(
        `transaction details net to ${net} ${currency} but the entry is ${signedEntry} ${currency} (difference ${difference})`,
      );
    }
  }

  /**
   * The netting check in minor units, where every amount has them: equal minor units are equal amounts, so
   * only a batch that does not net (or has an inexact amount) goes through the decimal texts for its message.
   */
  #nettingHolds(
    amount: StatementAmount,
    currency: string,
    direction: Direction,
    details: readonly DetailDraft[],
  ): boolean {
    if (amount.minor === null) return false;
    let net = 0n;
    for (let index = 0; index < details.length; index += 1) {
      const detail = details[index]!;
      const own = detailAmount(detail, details.length === 1);
      if (!own || own.currency !== currency || own.amount.minor === null) return false;
      const detailDirection = directionOf(detail.direction) ?? direction;
      net += detailDirection === 'credit' ? own.amount.minor : -own.amount.minor;
    }
    return net === (direction === 'credit' ? amount.minor : -amount.minor);
  }

  #movement(
    entry: BankEntry,
    draft: EntryDraft,
    detail: DetailDraft,
    detailIndex: number,
    entryAmountText: string | null,
  ): BankMovement {
    const warnings = entry.warnings.length === 0 ? [] : [...entry.warnings];
    const own = detailAmount(detail, entryAmountText !== null);
    let amountText: string | null;
    let amountMinor: bigint | null;
    let inexact: boolean;
    let currency: string;
    if (own) {
      amountText = own.amount.text;
      amountMinor = own.amount.minor;
      inexact = own.amount.inexact;
      currency = own.currency;
      if (own.amount.warning && own.amount.text !== entry.amountText) warnings.push(own.amount.warning);
    } else if (entryAmountText !== null) {
      amountText = entry.amountText;
      amountMinor = entry.amountMinor;
      inexact = entry.inexact;
      currency = entry.currency;
    } else {
      amountText = null;
      amountMinor = null;
      inexact = false;
      currency = entry.currency;
      warnings.push(`transaction detail ${detailIndex + 1} has no amount`);
    }
    const direction = directionOf(detail.direction) ?? entry.direction;
    const subFamily = detail.subFamily ?? (detail.domain || detail.proprietary ? null : draft.subFamily);
    const code = codeText(detail) ?? codeText(draft);
    const returned = detail.returned || (subFamily !== null && returnSubFamilies.has(subFamily));
    const counterparty = this.#counterparty(detail, direction);
    const remittance = detail.unstructured ?? detail.additionalInfo ?? draft.additionalInfo;
    return {
      statementIndex: entry.statementIndex,
      entryIndex: entry.entryIndex,
      detailIndex,
      account: this.#statement.account,
      currency,
      bookedOn: entry.bookedOn,
      valueOn: entry.valueOn,
      amountText,
      amountMinor,
      inexact,
      direction,
      reversal: entry.reversal,
      returned,
      returnReason: detail.returnReason,
      status: entry.status,
      booked: entry.booked,
      bankTransactionCode: code,
      bankReference: detail.bankReference ?? entry.bankReference,
      entryReference: entry.entryReference,
      endToEndId: detail.endToEndId,
      instructionId: detail.instructionId,
      transactionId: detail.transactionId,
      uetr: detail.uetr,
      counterpartyName: counterparty.name,
      counterpartyAccount: counterparty.account,
      remittanceText: remittance,
      creditorReference: detail.creditorReference,
      warnings,
    };
  }

  /**
   * The other party: the debtor of a credit, the creditor of a debit. Returns and reversals report the
   * original parties, so a party whose account is this statement's own account is passed over.
   */
  #counterparty(detail: DetailDraft, direction: Direction): { name: string | null; account: string | null } {
    const own = this.#statement.account;
    const debtor = { name: detail.debtorName, account: detail.debtorAccount };
    const creditor = { name: detail.creditorName, account: detail.creditorAccount };
    const [preferred, other] = direction === 'credit' ? [debtor, creditor] : [creditor, debtor];
    if (own !== null && preferred.account === own && other.account !== null && other.account !== own) return other;
    return preferred;
  }

  #emitStatus(level: PaymentStatusLevel, draft: StatusDraft): void {
    if (draft.emitted) return;
    draft.emitted = true;
    this.#emitDocument();
    if (draft.status === null) {
      if (draft.reasons.length > 0)
        this.#warn(`a ${level} status reason without a status: ${draft.reasons.join(', ')}`);
      return;
    }
    const status: PaymentStatus = {
      level,
      status: draft.status,
      reasons: draft.reasons,
      additionalInformation: draft.additionalInformation,
      originalMessageId: draft.originalMessageId,
      originalPaymentInformationId: draft.originalPaymentInformationId,
      originalInstructionId: draft.originalInstructionId,
      originalEndToEndId: draft.originalEndToEndId,
    };
    this.#events.push({ kind: 'status', status });
  }
}

function formatOf(family: Family, namespace: string | null, hint: string | null): string {
  const match = versionPattern.exec(namespace ?? hint ?? '');
  return match && match[1] === family ? match[0] : family;
}

function directionOf(indicator: string | null): Direction | null {
  if (indicator === 'CRDT') return 'credit';
  if (indicator === 'DBIT') return 'debit';
  return null;
}

/** A detail's own amount: `TxDtls/Amt`, else (in a batch) `AmtDtls/TxAmt/Amt`; a single detail falls back to its entry. */
function detailAmount(detail: DetailDraft, single: boolean): { amount: StatementAmount; currency: string } | null {
  if (detail.amount && detail.currency) return { amount: detail.amount, currency: detail.currency };
  if (!single && detail.transactionAmount && detail.transactionCurrency) {
    return { amount: detail.transactionAmount, currency: detail.transactionCurrency };
  }
  return null;
}

function codeText(code: CodeDraft): string | null {
  if (code.domain) return [code.domain, code.family, code.subFamily].filter((part) => part !== null).join('/');
  return code.proprietary;
}

function newStatement(): StatementDraft {
  return {
    id: null,
    account: null,
    accountScheme: null,
    currency: null,
    sequence: null,
    createdAt: null,
    announced: false,
  };
}

function newBalance(): BalanceDraft {
  return { type: null, subType: null, amount: null, currency: null, direction: null, date: null };
}

function newEntry(): EntryDraft {
  return {
    amount: null,
    currency: null,
    direction: null,
    reversal: false,
    status: null,
    bookedOn: null,
    valueOn: null,
    bankReference: null,
    entryReference: null,
    additionalInfo: null,
    domain: null,
    family: null,
    subFamily: null,
    proprietary: null,
  };
}

function newDetail(): DetailDraft {
  return {
    amount: null,
    currency: null,
    transactionAmount: null,
    transactionCurrency: null,
    direction: null,
    endToEndId: null,
    instructionId: null,
    transactionId: null,
    bankReference: null,
    uetr: null,
    debtorName: null,
    debtorAccount: null,
    creditorName: null,
    creditorAccount: null,
    unstructured: null,
    creditorReference: null,
    returned: false,
    returnReason: null,
    additionalInfo: null,
    domain: null,
    family: null,
    subFamily: null,
    proprietary: null,
  };
}

function newStatus(): StatusDraft {
  return {
    status: null,
    reasons: [],
    additionalInformation: [],
    originalMessageId: null,
    originalPaymentInformationId: null,
    originalInstructionId: null,
    originalEndToEndId: null,
    emitted: false,
  };
}
