import { Temporal } from 'temporal-polyfill';
import { assert } from '../../kernel/assert.ts';
import { parseCivilDate, seoulTimeZone } from '../../kernel/civil-date.ts';
import { parseBusinessNumber } from '../../kernel/identifiers.ts';
import { instructionPaymentBlocksMax, instructionTransactionsMax } from '../../kernel/limits.ts';
import { addDecimalTexts, currencyExponent, formatDecimal } from '../../kernel/money.ts';
import {
  type AccountIdentification,
  identifyAccount,
  isBankCode,
  isBic,
  isTransferIdentifier,
} from './payment-identifiers.ts';
import {
  type Agent,
  type Pain001Version,
  type Party,
  type PaymentInformation,
  pain001Namespace,
  type Transfer,
  type TransferInstruction,
} from './transfer-instruction.ts';
import { cleanText, escapeXml, truncateText } from './xml-text.ts';

/** Refusals the caller can cause with the data it passes; programmer errors are asserted instead. */
export type BuildPain001Refusal =
  | 'no_payment_information'
  | 'too_many_payment_information'
  | 'no_transactions'
  | 'too_many_transactions'
  | 'invalid_identifier'
  | 'duplicate_identifier'
  | 'amount_not_positive'
  | 'amount_too_large'
  | 'unknown_currency'
  | 'invalid_account'
  | 'invalid_bank_code'
  | 'invalid_bic'
  | 'name_missing';

/**
 * The outcome of `buildPain001`: the document with its totals, or a refusal naming the offending field by its
 * path in the input (`paymentInformation[0].transfers[2].endToEndId`).
 */
export type BuildPain001Result =
  | {
      readonly result: 'built';
      readonly xml: string;
      readonly version: Pain001Version;
      readonly transactionCount: number;
      /** The group header's CtrlSum, exact decimal text. */
      readonly controlSum: string;
    }
  | { readonly result: BuildPain001Refusal; readonly field: string };

/** Messages for each refusal, in the two languages Hado speaks. */
export const buildPain001RefusalMessages = {
  no_payment_information: { ko: '이체할 출금계좌가 없습니다.', en: 'There is no account to pay from.' },
  too_many_payment_information: {
    ko: '한 파일에 담을 수 있는 출금계좌 수를 넘었습니다.',
    en: 'Too many debtor accounts for one message.',
  },
  no_transactions: { ko: '출금계좌에 이체 건이 없습니다.', en: 'A debtor account has no transfers.' },
  too_many_transactions: {
    ko: '한 파일에 담을 수 있는 이체 건수를 넘었습니다.',
    en: 'Too many transfers for one message.',
  },
  invalid_identifier: {
    ko: '식별번호는 1~35자의 영문, 숫자, 일부 기호여야 합니다.',
    en: 'An identifier must be 1–35 Latin letters, digits or allowed symbols.',
  },
  duplicate_identifier: { ko: '식별번호가 중복되었습니다.', en: 'An identifier is used twice.' },
  amount_not_positive: { ko: '이체 금액은 0보다 커야 합니다.', en: 'A transfer amount must be above zero.' },
  amount_too_large: {
    ko: '금액이 전문에 담을 수 있는 18자리를 넘었습니다.',
    en: 'An amount exceeds the 18 digits the message can carry.',
  },
  unknown_currency: { ko: '알 수 없는 통화입니다.', en: 'Unknown currency.' },
  invalid_account: { ko: '계좌번호 형식이 올바르지 않습니다.', en: 'The account number is not valid.' },
  invalid_bank_code: { ko: '은행 코드는 세 자리 숫자여야 합니다.', en: 'A bank code must be three digits.' },
  invalid_bic: { ko: 'BIC 형식이 올바르지 않습니다.', en: 'The BIC is not valid.' },
  name_missing: { ko: '이름이 비어 있습니다.', en: 'A name is empty.' },
} satisfies Record<BuildPain001Refusal, { ko: string; en: string }>;

/** Max140Text in both XSDs: names (Nm) and each unstructured remittance line (Ustrd). */
const textCharactersMax = 140;
/** totalDigits of the XSDs' amount and DecimalNumber (CtrlSum) types. */
const amountDigitsMax = 18;
/** Korea has no standard ISO clearing-system code, so the clearing system is named as a proprietary one. */
const koreanClearingSystem = 'KFTC';

/**
 * Builds a pain.001 customer credit transfer initiation (version 09 by default, or 03) from a divided payment:
 * one PmtInf per debtor account, one CdtTrfTxInf per transfer, elements in the XSD's sequence, counts and control
 * sums exact. The XML is a string to be written as UTF-8 (the declaration says so). Pure: the creation time comes
 * in with the instruction.
 */
export function buildPain001(instruction: TransferInstruction, version: Pain001Version = '09'): BuildPain001Result {
  const refusal = checkInstruction(instruction, version);
  if (refusal) return refusal;

  const blocks = instruction.paymentInformation.map((block) => paymentInformationTotals(block));
  const transactionCount = blocks.reduce((count, block) => count + block.transactionCount, 0);
  const controlSum = blocks.map((block) => block.controlSum).reduce(addDecimalTexts);
  assert(transactionCount >= 1 && transactionCount <= instructionTransactionsMax);
  // The most specific field first: a block that overflows is named before the message total it also overflows.
  for (const [index, block] of blocks.entries()) {
    if (digitCount(block.controlSum) > amountDigitsMax) {
      return { result: 'amount_too_large', field: `paymentInformation[${index}].controlSum` };
    }
  }
  if (digitCount(controlSum) > amountDigitsMax) return { result: 'amount_too_large', field: 'controlSum' };

  const document: XmlElement = [
    'Document',
    [
      [
        'CstmrCdtTrfInitn',
        [
          [
            'GrpHdr',
            [
              ['MsgId', instruction.messageId],
              ['CreDtTm', seoulDateTime(instruction.createdAt)],
              ['NbOfTxs', String(transactionCount)],
              ['CtrlSum', controlSum],
              partyElement('InitgPty', instruction.initiatingParty),
            ],
          ],
          ...instruction.paymentInformation.map((block, index) =>
            paymentInformationElement(block, blocks[index]!, version),
          ),
        ],
      ],
    ],
    { xmlns: pain001Namespace(version) },
  ];
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(document, 0)}`;
  return { result: 'built', xml, version, transactionCount, controlSum };
}

type Totals = { readonly transactionCount: number; readonly controlSum: string };

/**
 * Sums a block's amounts as decimal text, so a block mixing currencies (the ISO rule: CtrlSum adds amounts
 * "irrespective of currencies") is still exact.
 */
function paymentInformationTotals(block: PaymentInformation): Totals {
  const amounts = block.transfers.map((transfer) => formatDecimal(transfer.amountMinor, currencyOf(transfer)));
  return { transactionCount: amounts.length, controlSum: amounts.reduce(addDecimalTexts) };
}

function checkInstruction(instruction: TransferInstruction, version: Pain001Version): BuildPain001Result | undefined {
  assert(!Number.isNaN(instruction.createdAt.getTime()), 'createdAt is a valid instant');
  const blocks = instruction.paymentInformation;
  if (blocks.length === 0) return { result: 'no_payment_information', field: 'paymentInformation' };
  if (blocks.length > instructionPaymentBlocksMax) {
    return { result: 'too_many_payment_information', field: 'paymentInformation' };
  }
  const transferCount = blocks.reduce((count, block) => count + block.transfers.length, 0);
  if (transferCount > instructionTransactionsMax)
    return { result: 'too_many_transactions', field: 'paymentInformation' };

  if (!isTransferIdentifier(instruction.messageId)) return { result: 'invalid_identifier', field: 'messageId' };
  const partyRefusal = checkParty(instruction.initiatingParty, 'initiatingParty');
  if (partyRefusal) return partyRefusal;

  // Within one message each id names one thing: a block, an obligation's transfer, a bank instruction.
  const seen = {
    paymentInformationId: new Set<string>(),
    endToEndId: new Set<string>(),
    instructionId: new Set<string>(),
  };
  const checkId = (kind: keyof typeof seen, id: string, field: string): BuildPain001Result | undefined => {
    if (!isTransferIdentifier(id)) return { result: 'invalid_identifier', field };
    if (seen[kind].has(id)) return { result: 'duplicate_identifier', field };
    seen[kind].add(id);
    return undefined;
  };

  for (const [blockIndex, block] of blocks.entries()) {
    const at = `paymentInformation[${blockIndex}]`;
    assert(parseCivilDate(block.requestedExecutionOn) !== undefined, `${at}.requestedExecutionOn is a civil date`);
    const blockRefusal =
      checkId('paymentInformationId', block.paymentInformationId, `${at}.paymentInformationId`) ??
      checkParty(block.debtor, `${at}.debtor`) ??
      checkAccount(block.debtorAccount, `${at}.debtorAccount`) ??
      checkAgent(block.debtorAgent, `${at}.debtorAgent`, version);
    if (blockRefusal) return blockRefusal;
    if (block.transfers.length === 0) return { result: 'no_transactions', field: `${at}.transfers` };

    for (const [transferIndex, transfer] of block.transfers.entries()) {
      const here = `${at}.transfers[${transferIndex}]`;
      const transferRefusal =
        checkId('endToEndId', transfer.endToEndId, `${here}.endToEndId`) ??
        (transfer.instructionId === undefined
          ? undefined
          : checkId('instructionId', transfer.instructionId, `${here}.instructionId`)) ??
        checkAmount(transfer, here) ??
        checkParty(transfer.creditor, `${here}.creditor`) ??
        checkAccount(transfer.creditorAccount, `${here}.creditorAccount`) ??
        checkAgent(transfer.creditorAgent, `${here}.creditorAgent`, version);
      if (transferRefusal) return transferRefusal;
    }
  }
  return undefined;
}

function checkAmount(transfer: Transfer, at: string): BuildPain001Result | undefined {
  const currency = currencyOf(transfer);
  if (!/^[A-Z]{3}$/.test(currency) || currencyExponent(currency) === undefined) {
    return { result: 'unknown_currency', field: `${at}.currency` };
  }
  if (transfer.amountMinor <= 0n) return { result: 'amount_not_positive', field: `${at}.amountMinor` };
  if (digitCount(formatDecimal(transfer.amountMinor, currency)) > amountDigitsMax) {
    return { result: 'amount_too_large', field: `${at}.amountMinor` };
  }
  return undefined;
}

function checkParty(party: Party, at: string): BuildPain001Result | undefined {
  if (cleanText(party.name) === '') return { result: 'name_missing', field: `${at}.name` };
  // The branded type promises a checked number; say so again before it goes to a bank.
  if (party.businessNumber !== undefined) assert(parseBusinessNumber(party.businessNumber) === party.businessNumber);
  return undefined;
}

function checkAccount(account: string, at: string): BuildPain001Result | undefined {
  return identifyAccount(account) === undefined ? { result: 'invalid_account', field: at } : undefined;
}

function checkAgent(agent: Agent, at: string, version: Pain001Version): BuildPain001Result | undefined {
  assert(agent.bankCode !== undefined || agent.bic !== undefined, `${at} names a bank`);
  if (agent.bankCode !== undefined && !isBankCode(agent.bankCode)) {
    return { result: 'invalid_bank_code', field: `${at}.bankCode` };
  }
  if (agent.bic !== undefined && !isBic(agent.bic, version)) return { result: 'invalid_bic', field: `${at}.bic` };
  return undefined;
}

function currencyOf(transfer: Transfer): string {
  return transfer.currency ?? 'KRW';
}

/** Digits an XSD decimal's totalDigits counts, leading zeros aside (trailing fraction zeros kept, to be safe). */
function digitCount(decimalText: string): number {
  return decimalText.replace(/\D/g, '').replace(/^0+/, '').length;
}

/**
 * The creation time as Seoul local time with its offset (`2026-03-10T10:02:03+09:00`): the bank and the people
 * reading the file both work in Seoul time, and the offset keeps the instant unambiguous.
 */
function seoulDateTime(instant: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(seoulTimeZone)
    .toString({ smallestUnit: 'second', timeZoneName: 'never' });
}

function paymentInformationElement(block: PaymentInformation, totals: Totals, version: Pain001Version): XmlElement {
  const executionDate: XmlElement =
    version === '09'
      ? ['ReqdExctnDt', [['Dt', block.requestedExecutionOn]]]
      : ['ReqdExctnDt', block.requestedExecutionOn];
  return [
    'PmtInf',
    [
      ['PmtInfId', block.paymentInformationId],
      ['PmtMtd', 'TRF'],
      // Hado reconciles each obligation with its own debit, so the bank must book every transfer separately.
      ['BtchBookg', 'false'],
      ['NbOfTxs', String(totals.transactionCount)],
      ['CtrlSum', totals.controlSum],
      executionDate,
      partyElement('Dbtr', block.debtor),
      accountElement('DbtrAcct', block.debtorAccount),
      agentElement('DbtrAgt', block.debtorAgent, version),
      ['ChrgBr', block.chargeBearer ?? 'DEBT'],
      ...block.transfers.map((transfer) => transferElement(transfer, version)),
    ],
  ];
}

function transferElement(transfer: Transfer, version: Pain001Version): XmlElement {
  const currency = currencyOf(transfer);
  const remittance =
    transfer.remittance === undefined ? '' : truncateText(cleanText(transfer.remittance), textCharactersMax);
  return [
    'CdtTrfTxInf',
    [
      [
        'PmtId',
        [
          transfer.instructionId === undefined ? undefined : ['InstrId', transfer.instructionId],
          ['EndToEndId', transfer.endToEndId],
        ],
      ],
      ['Amt', [['InstdAmt', formatDecimal(transfer.amountMinor, currency), { Ccy: currency }]]],
      agentElement('CdtrAgt', transfer.creditorAgent, version),
      partyElement('Cdtr', transfer.creditor),
      accountElement('CdtrAcct', transfer.creditorAccount),
      remittance === '' ? undefined : ['RmtInf', [['Ustrd', remittance]]],
    ],
  ];
}

/** Name, then (for firms) the business registration number, which the National Tax Service issues as a tax id. */
function partyElement(tag: string, party: Party): XmlElement {
  const identification: XmlElement | undefined =
    party.businessNumber === undefined
      ? undefined
      : [
          'Id',
          [
            [
              'OrgId',
              [
                [
                  'Othr',
                  [
                    ['Id', party.businessNumber],
                    ['SchmeNm', [['Cd', 'TXID']]],
                    ['Issr', 'KR-NTS'],
                  ],
                ],
              ],
            ],
          ],
        ];
  return [tag, [['Nm', truncateText(cleanText(party.name), textCharactersMax)], identification]];
}

function accountElement(tag: string, account: string): XmlElement {
  const identified = identifyAccount(account);
  assert(identified, 'accounts are checked before building');
  return [tag, [['Id', [accountIdentificationElement(identified)]]]];
}

function accountIdentificationElement(account: AccountIdentification): XmlElement {
  if (account.kind === 'iban') return ['IBAN', account.iban];
  // A Korean account number is the bank's own (basic) account number: ISO calls that scheme BBAN.
  return [
    'Othr',
    [
      ['Id', account.number],
      ['SchmeNm', [['Cd', 'BBAN']]],
    ],
  ];
}

/** 09 renamed BIC to BICFI; the rest of FinInstnId is the same in both versions, in the same order. */
function agentElement(tag: string, agent: Agent, version: Pain001Version): XmlElement {
  const bic: XmlElement | undefined =
    agent.bic === undefined ? undefined : [version === '09' ? 'BICFI' : 'BIC', agent.bic];
  const member: XmlElement | undefined =
    agent.bankCode === undefined
      ? undefined
      : [
          'ClrSysMmbId',
          [
            ['ClrSysId', [['Prtry', koreanClearingSystem]]],
            ['MmbId', agent.bankCode],
          ],
        ];
  return [tag, [['FinInstnId', [bic, member]]]];
}

/**
 * A tiny element tree: the order of children in the code is the order in the document, so each builder above
 * reads as the XSD sequence it writes. An undefined child is an optional element left out.
 */
type XmlElement = readonly [
  name: string,
  content: string | readonly (XmlElement | undefined)[],
  attributes?: Readonly<Record<string, string>>,
];

function serialize([name, content, attributes]: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributeText = Object.entries(attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  if (typeof content === 'string') {
    assert(content !== '', `${name} is never written empty`);
    return `${indent}<${name}${attributeText}>${escapeXml(content)}</${name}>\n`;
  }
  const children = content.filter((child) => child !== undefined);
  assert(children.length > 0, `${name} has content`);
  return `${indent}<${name}${attributeText}>\n${children.map((child) => serialize(child, depth + 1)).join('')}${indent}</${name}>\n`;
}
