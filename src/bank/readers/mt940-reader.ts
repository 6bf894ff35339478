import { type CivilDate, parseCivilDate } from '../../kernel/civil-date.ts';
import { mt940FieldBytesMax, mt940LineBytesMax } from '../../kernel/limits.ts';
import { addDecimalTexts } from '../../kernel/money.ts';
import type {
  BankEntry,
  BankMovement,
  Direction,
  EntryStatus,
  StatementBalance,
  StatementEvent,
} from './bank-movement.ts';
import { clip, readStatementAmount } from './statement-amount.ts';
import { StatementError } from './statement-error.ts';

/** Options of one MT940/MT942 read. */
export type Mt940ReaderOptions = { readonly file: string };

const fieldStart = /^:(\d{2}[A-Z]?|NS):/;
/** `:61:` first line: value date, entry date (or spaces), mark, funds code, amount, type, references. */
const statementLinePattern = /^(\d{6})(\d{4}| {4})?(RC|RD|C|D)([A-Z])?(\d[\d,]*)([A-Z])([A-Z0-9 ]{3})(.*)$/;
const balancePattern = /^([CD])(\d{6})([A-Z]{3})(\d[\d,]*)$/;
const floorLimitPattern = /^([A-Z]{3})([CD])?(\d[\d,]*)$/;
const summaryPattern = /^(\d+)([A-Z]{3})(\d[\d,]*)$/;
/**
 * SEPA keywords inside a German structured `:86:` remittance (DFÜ-Abkommen, annex 3), and any four-letter
 * label (`MTLG:`) that opens a sub-field, marked by \uE000 where the sub-fields were joined.
 */
const sepaKeyword = /\uE000([A-Z]{4})[+:]|(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|IBAN|BIC)\+/g;

/**
 * Business transaction codes (German GVC, first three digits of a structured `:86:`) that report money
 * coming back: 159 is a returned SEPA credit transfer ("Retoure").
 */
const returnTransactionCodes = new Set(['159']);

/** Balance tags and their ISO 20022 balance types; the F/M pairs open and close the statement. */
const balanceTypes: Readonly<Record<string, { type: string; role: 'opening' | 'closing' | null }>> = {
  '60F': { type: 'OPBD', role: 'opening' },
  '60M': { type: 'ITBD', role: 'opening' },
  '62F': { type: 'CLBD', role: 'closing' },
  '62M': { type: 'ITBD', role: 'closing' },
  '64': { type: 'CLAV', role: null },
  '65': { type: 'FWAV', role: null },
};

type StatementDraft = {
  index: number;
  id: string | null;
  account: string | null;
  sequence: string | null;
  createdAt: string | null;
  currency: string | null;
  interim: boolean;
  announced: boolean;
  entryCount: number;
  closed: boolean;
  totals: { credit: { count: number; sum: string }; debit: { count: number; sum: string } };
  reported: { credit: { count: number; sum: string } | null; debit: { count: number; sum: string } | null };
};

type PendingMovement = {
  line: number;
  entry: BankEntry;
  movement: Omit<BankMovement, 'remittanceText' | 'warnings' | 'endToEndId' | 'counterpartyName'>;
  warnings: string[];
  supplementary: string | null;
  information: string[];
};

/**
 * A streaming reader for SWIFT MT940 statements and MT942 interim reports, one line at a time. Text is
 * decoded line by line: UTF-8 when the line is valid UTF-8, else Latin-1, because real files mix both (a
 * Latin-2 bank file reads with its accented letters approximated, never refused). Two-digit years pivot at
 * 80 (00–79 are 20xx); dates are checked and 30 February is refused.
 */
export class Mt940Reader {
  readonly #file: string;
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  #events: StatementEvent[] = [];
  #partial: Uint8Array[] = [];
  #partialBytes = 0;
  #lineNumber = 0;
  #started = false;
  #envelopeInterim = false;
  #headerInterim = false;
  #documentEmitted = false;
  #statementCount = 0;
  #statement: StatementDraft | null = null;
  #field: { tag: string; lines: string[]; bytes: number; line: number } | null = null;
  #pending: PendingMovement | null = null;

  constructor(options: Mt940ReaderOptions) {
    this.#file = options.file;
  }

  /** Feeds raw bytes; complete lines are parsed at once and the rest waits for the next chunk. */
  write(chunk: Uint8Array): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline < 0) break;
      const piece = chunk.subarray(start, newline);
      if (this.#partialBytes === 0) this.#line(piece);
      else {
        this.#keep(piece);
        this.#line(Buffer.concat(this.#partial, this.#partialBytes));
        this.#partial = [];
        this.#partialBytes = 0;
      }
      start = newline + 1;
    }
    if (start < chunk.length) this.#keep(chunk.subarray(start));
  }

  /** Ends the file: the last line, field and statement are completed. */
  close(): void {
    if (this.#partialBytes > 0) {
      this.#line(Buffer.concat(this.#partial, this.#partialBytes));
      this.#partial = [];
      this.#partialBytes = 0;
    }
    this.#endStatement();
    if (this.#statementCount === 0) this.#refuse('no MT940/MT942 statement (:20:) in this file');
  }

  /** Returns the events completed so far and forgets them. */
  take(): StatementEvent[] {
    const taken = this.#events;
    this.#events = [];
    return taken;
  }

  #keep(piece: Uint8Array): void {
    this.#partialBytes += piece.length;
    if (this.#partialBytes > mt940LineBytesMax) {
      this.#lineNumber += 1;
      this.#refuse(`a line longer than ${mt940LineBytesMax} bytes`);
    }
    this.#partial.push(Buffer.from(piece));
  }

  readonly #refuse: (reason: string, line?: number) => never = (reason, line = this.#lineNumber) => {
    throw new StatementError({ file: this.#file, line }, reason);
  };

  #decode(bytes: Uint8Array): string {
    try {
      return this.#utf8.decode(bytes);
    } catch {
      // ISO-8859-1 byte for code point, the same on every Node version: TextDecoder('latin1') is
      // windows-1252 under full ICU (Node 24) but not everywhere else.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    }
  }

  #line(bytes: Uint8Array): void {
    this.#lineNumber += 1;
    if (bytes.length > mt940LineBytesMax) this.#refuse(`a line longer than ${mt940LineBytesMax} bytes`);
    let text = this.#decode(bytes);
    if (this.#lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // Control characters (SOH/ETX framing, CR of CRLF) are transport, not content.
    text = trimControls(text);
    if (text.trim() === '') return;
    const tag = fieldStart.exec(text);
    if (tag) {
      this.#completeField();
      const content = text.slice(tag[0].length);
      this.#field = { tag: tag[1]!, lines: [content], bytes: content.length, line: this.#lineNumber };
      return;
    }
    if (text.startsWith('-')) {
      this.#completeField();
      this.#endStatement();
      return;
    }
    if (text.startsWith('{')) {
      // A SWIFT FIN envelope `{1:…}{2:O942…}{4:` around the message text.
      this.#completeField();
      if (/\{2:[IO]942/.test(text)) this.#envelopeInterim = true;
      return;
    }
    if (this.#field) {
      this.#field.bytes += text.length;
      if (this.#field.bytes > mt940FieldBytesMax) this.#refuse(`a field longer than ${mt940FieldBytesMax} bytes`);
      this.#field.lines.push(text);
      return;
    }
    // Bank header lines before the first field (`ABNANL2A`, `940`, `0000 01INGBNL2AXXXX00001`).
    if (/^\s*942\b/.test(text)) this.#headerInterim = true;
  }

  #completeField(): void {
    const field = this.#field;
    if (!field) return;
    this.#field = null;
    const { tag, lines, line } = field;
    const first = lines[0]!.trim();
    if (tag === '20') {
      this.#endStatement();
      this.#startStatement(first);
      return;
    }
    const statement = this.#statement;
    if (!statement) {
      if (!this.#started) return;
      this.#refuse(`field :${tag}: outside a statement (no :20: before it)`, line);
    }
    switch (tag) {
      case '25':
        statement.account = first;
        return;
      case '28':
      case '28C':
        statement.sequence = first;
        return;
      case '13':
      case '13D':
        statement.interim = true;
        statement.createdAt = first;
        return;
      case '34F':
        this.#floorLimit(statement, first, line);
        return;
      case '61':
        this.#flushMovement();
        this.#statementLine(statement, lines, line);
        return;
      case '86':
        if (this.#pending && !statement.closed) this.#pending.information.push(lines.join('\n'));
        return;
      case '90D':
      case '90C':
        this.#flushMovement();
        this.#reportedSummary(statement, tag === '90D' ? 'debit' : 'credit', first, line);
        return;
      default: {
        const balance = balanceTypes[tag];
        if (balance) {
          this.#flushMovement();
          this.#balance(statement, tag, balance.type, balance.role, first, line);
        } else {
          this.#flushMovement();
        }
      }
    }
  }

  #startStatement(id: string): void {
    this.#started = true;
    this.#statement = {
      index: this.#statementCount,
      id: id === '' ? null : id,
      account: null,
      sequence: null,
      createdAt: null,
      currency: null,
      interim: this.#envelopeInterim || this.#headerInterim,
      announced: false,
      entryCount: 0,
      closed: false,
      totals: { credit: { count: 0, sum: '0' }, debit: { count: 0, sum: '0' } },
      reported: { credit: null, debit: null },
    };
    this.#statementCount += 1;
    this.#envelopeInterim = false;
  }

  #announce(statement: StatementDraft): void {
    if (statement.announced) return;
    statement.announced = true;
    if (!this.#documentEmitted) {
      this.#documentEmitted = true;
      const family = statement.interim ? 'mt942' : 'mt940';
      this.#events.push({ kind: 'document', document: { format: family, family, namespace: null, messageId: null } });
    }
    const iban = statement.account !== null && /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(statement.account);
    this.#events.push({
      kind: 'statement',
      statement: {
        statementIndex: statement.index,
        id: statement.id,
        account: statement.account,
        accountScheme: statement.account === null ? null : iban ? 'iban' : 'other',
        currency: statement.currency,
        sequence: statement.sequence,
        createdAt: statement.createdAt,
      },
    });
  }

  #endStatement(): void {
    this.#completeField();
    this.#flushMovement();
    const statement = this.#statement;
    if (!statement) return;
    this.#statement = null;
    this.#announce(statement);
    for (const direction of ['debit', 'credit'] as const) {
      const reported = statement.reported[direction];
      const counted = statement.totals[direction];
      if (reported && (reported.count !== counted.count || !sameDecimal(reported.sum, counted.sum))) {
        this.#events.push({
          kind: 'warning',
          message:
            `${this.#file}: statement ${statement.index + 1}: :90${direction === 'debit' ? 'D' : 'C'}: reports ` +
            `${reported.count} ${direction}s of ${reported.sum}, the statement lists ${counted.count} of ${counted.sum}`,
        });
      }
    }
    this.#events.push({ kind: 'statement_end', statementIndex: statement.index });
  }

  #floorLimit(statement: StatementDraft, text: string, line: number): void {
    const match = floorLimitPattern.exec(text);
    if (!match) this.#refuse(`malformed :34F: floor limit "${clip(text)}"`, line);
    statement.interim = true;
    statement.currency ??= match[1]!;
  }

  #reportedSummary(statement: StatementDraft, direction: Direction, text: string, line: number): void {
    const match = summaryPattern.exec(text);
    if (!match) this.#refuse(`malformed :90: summary "${clip(text)}"`, line);
    statement.reported[direction] = { count: Number(match[1]), sum: decimalText(match[3]!, line, this.#refuse) };
  }

  #balance(
    statement: StatementDraft,
    tag: string,
    type: string,
    role: 'opening' | 'closing' | null,
    text: string,
    line: number,
  ): void {
    const match = balancePattern.exec(text);
    if (!match) this.#refuse(`malformed :${tag}: balance "${clip(text)}"`, line);
    const [, mark, dateText, currency, amountText] = match as unknown as [string, string, string, string, string];
    const date = swiftDate(dateText, line, this.#refuse);
    if (role === 'opening') statement.currency ??= currency;
    if (role === 'closing') statement.closed = true;
    const refuse: (reason: string) => never = (reason) => this.#refuse(reason, line);
    const amount = readStatementAmount(decimalText(amountText, line, this.#refuse), currency, 'balance', refuse);
    this.#announce(statement);
    const balance: StatementBalance = {
      statementIndex: statement.index,
      type,
      subType: null,
      role,
      amountText: amount.text,
      amountMinor: amount.minor,
      inexact: amount.inexact,
      currency,
      direction: mark === 'C' ? 'credit' : 'debit',
      date,
      warnings: amount.warning ? [amount.warning] : [],
    };
    this.#events.push({ kind: 'balance', balance });
  }

  #statementLine(statement: StatementDraft, lines: readonly string[], line: number): void {
    const first = lines[0]!.trimEnd();
    const match = statementLinePattern.exec(first);
    if (!match) this.#refuse(`malformed :61: statement line "${clip(first)}"`, line);
    const [, valueText, entryText, mark, , amountRaw, typeKind, typeCode, references] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
      string | undefined,
      string,
      string,
      string,
      string,
    ];
    const valueOn = swiftDate(valueText, line, this.#refuse);
    const bookedOn = entryText && entryText.trim() !== '' ? entryDate(valueOn, entryText, line, this.#refuse) : valueOn;
    const reversal = mark === 'RC' || mark === 'RD';
    // A reversed credit takes money out again, a reversed debit brings it back.
    const direction: Direction = mark === 'C' || mark === 'RD' ? 'credit' : 'debit';
    this.#announce(statement);
    let currency = statement.currency;
    if (currency === null) {
      const suffix = /([A-Z]{3})$/.exec(statement.account ?? '');
      if (!suffix) this.#refuse('a :61: statement line before any balance names the currency', line);
      currency = suffix[1]!;
    }
    const refuse: (reason: string) => never = (reason) => this.#refuse(reason, line);
    const amount = readStatementAmount(decimalText(amountRaw, line, this.#refuse), currency, 'entry', refuse);
    const slash = references.indexOf('//');
    const customer = (slash < 0 ? references.slice(0, 16) : references.slice(0, slash)).trim();
    const extra = slash < 0 ? references.slice(16).trim() : '';
    const bankReference = slash < 0 ? null : references.slice(slash + 2).trim() || null;
    const supplementary = [extra, ...lines.slice(1).map((text) => text.trim())].filter((text) => text !== '').join(' ');
    const status: EntryStatus = statement.interim ? 'INFO' : 'BOOK';
    const warnings: string[] = [];
    if (amount.warning) warnings.push(amount.warning);
    // An interim report (MT942) tells what happened during the day; the end-of-day MT940 books it.
    if (status !== 'BOOK') warnings.push(`entry status ${status} (interim report): not booked`);
    const totals = statement.totals[direction];
    totals.count += 1;
    totals.sum = addDecimalTexts(totals.sum, amount.text);
    const entryIndex = statement.entryCount;
    statement.entryCount += 1;
    const entry: BankEntry = {
      statementIndex: statement.index,
      entryIndex,
      currency,
      amountText: amount.text,
      amountMinor: amount.minor,
      inexact: amount.inexact,
      direction,
      reversal,
      status,
      booked: status === 'BOOK',
      detailCount: 0,
      bookedOn,
      valueOn,
      bankReference,
      entryReference: customer === '' || customer === 'NONREF' ? null : customer,
      warnings,
    };
    this.#pending = {
      line,
      entry,
      warnings,
      supplementary: supplementary === '' ? null : supplementary,
      information: [],
      movement: {
        statementIndex: statement.index,
        entryIndex,
        detailIndex: 0,
        account: statement.account,
        currency,
        bookedOn,
        valueOn,
        amountText: amount.text,
        amountMinor: amount.minor,
        inexact: amount.inexact,
        direction,
        reversal,
        returned: typeCode === 'RTI',
        returnReason: null,
        status,
        booked: status === 'BOOK',
        bankTransactionCode: `${typeKind}${typeCode}`.trim(),
        bankReference,
        entryReference: entry.entryReference,
        instructionId: null,
        transactionId: null,
        uetr: null,
        counterpartyAccount: null,
        creditorReference: null,
      },
    };
  }

  /** A movement is complete once a field other than its `:86:` follows it. */
  #flushMovement(): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    const information = pending.information.length === 0 ? null : parseInformation(pending.information);
    const movement: BankMovement = {
      ...pending.movement,
      returned:
        pending.movement.returned || (information?.code != null && returnTransactionCodes.has(information.code)),
      counterpartyName: information?.counterpartyName ?? null,
      counterpartyAccount: information?.counterpartyAccount ?? null,
      endToEndId: information?.endToEndId ?? null,
      remittanceText: information?.remittance ?? pending.supplementary,
      warnings: [...pending.warnings],
    };
    this.#events.push({ kind: 'entry', entry: pending.entry }, { kind: 'movement', movement });
  }
}

type Information = {
  code: string | null;
  remittance: string | null;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  endToEndId: string | null;
};

/**
 * Reads `:86:` information to the account owner. A structured German field (`166?00…?20…?32…`) yields
 * its remittance lines, counterparty and SEPA references; anything else is remittance text as written.
 */
function parseInformation(fields: readonly string[]): Information {
  const text = fields.join('\n');
  const structured = /^(\d{3})\?/.exec(text);
  if (!structured) {
    const flat = fields
      .map((field) => field.replace(/\s*\n\s*/g, ' ').trim())
      .filter((field) => field !== '')
      .join(' ');
    return {
      code: null,
      remittance: flat === '' ? null : flat,
      counterpartyName: null,
      counterpartyAccount: null,
      endToEndId: null,
    };
  }
  // Lines of a structured field wrap at 27 or 65 characters in the middle of words: joined without spaces.
  const joined = text.replace(/\n/g, '');
  const parts = new Map<string, string>();
  for (const part of joined.slice(4).split('?')) {
    const key = part.slice(0, 2);
    parts.set(key, (parts.get(key) ?? '') + part.slice(2));
  }
  const remittanceKeys = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63'];
  const marked = remittanceKeys
    .map((key) => parts.get(key) ?? '')
    .map((part, index) => (index > 0 && /^[A-Z]{4}[+:]/.test(part) ? `\uE000${part}` : part))
    .join('');
  const remittance = marked.replaceAll('\uE000', '');
  const keywords = sepaFields(marked);
  const name = `${parts.get('32') ?? ''}${parts.get('33') ?? ''}`.trim();
  return {
    code: structured[1]!,
    remittance: (keywords.get('SVWZ') ?? remittance).trim() || null,
    counterpartyName: name === '' ? null : name,
    counterpartyAccount: parts.get('31')?.trim() || null,
    endToEndId: keywords.get('EREF')?.trim() || null,
  };
}

function trimControls(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) < 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) < 0x20) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function sepaFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const marks = [...text.matchAll(sepaKeyword)];
  marks.forEach((mark, index) => {
    const start = mark.index + mark[0].length;
    const end = index + 1 < marks.length ? marks[index + 1]!.index : text.length;
    fields.set((mark[1] ?? mark[2])!, text.slice(start, end).replaceAll('\uE000', ''));
  });
  return fields;
}

/** `1234,5` → `1234.5`, `000473,17` → `473.17`, `300,` → `300`: SWIFT amounts use one decimal comma. */
function decimalText(raw: string, line: number, refuse: (reason: string, line: number) => never): string {
  const comma = raw.indexOf(',');
  if (comma !== raw.lastIndexOf(',') || comma === 0) refuse(`malformed amount "${clip(raw)}"`, line);
  const whole = (comma < 0 ? raw : raw.slice(0, comma)).replace(/^0+(?=\d)/, '');
  const fraction = comma < 0 ? '' : raw.slice(comma + 1);
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

function sameDecimal(a: string, b: string): boolean {
  return !/[1-9]/.test(addDecimalTexts(a, b.startsWith('-') ? b.slice(1) : `-${b}`));
}

/** `YYMMDD`, years 00–79 in this century and 80–99 in the last (SWIFT dates carry two digits). */
function swiftDate(text: string, line: number, refuse: (reason: string, line: number) => never): CivilDate {
  const year = Number(text.slice(0, 2));
  const full = `${year < 80 ? 2000 + year : 1900 + year}-${text.slice(2, 4)}-${text.slice(4, 6)}`;
  const date = parseCivilDate(full);
  if (!date) refuse(`impossible date ${text} (${full})`, line);
  return date;
}

/** The `MMDD` entry date takes the value date's year, moved by one across a year end (value 12-31, entry 01-02). */
function entryDate(
  valueOn: CivilDate,
  text: string,
  line: number,
  refuse: (reason: string, line: number) => never,
): CivilDate {
  const valueYear = Number(valueOn.slice(0, 4));
  const valueMonth = Number(valueOn.slice(5, 7));
  const month = Number(text.slice(0, 2));
  const year =
    valueMonth === 12 && month === 1 ? valueYear + 1 : valueMonth === 1 && month === 12 ? valueYear - 1 : valueYear;
  const full = `${year}-${text.slice(0, 2)}-${text.slice(2, 4)}`;
  const date = parseCivilDate(full);
  if (!date) refuse(`impossible entry date ${text} (${full})`, line);
  return date;
}
