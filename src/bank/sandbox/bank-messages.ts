import { Temporal } from 'temporal-polyfill';
import { assert } from '../../kernel/assert.ts';
import { type CivilDate, seoulTimeZone } from '../../kernel/civil-date.ts';
import { cleanText, escapeXml, truncateText } from '../instructions/index.ts';

/**
 * The messages the sandbox bank writes, as a real Korean bank's ISO 20022 feed would: a camt.054.001.08
 * notification per booking, a camt.053.001.08 statement per account and day, and a pain.002.001.10 status
 * report for rejected transfers. Each validates against the official XSD (tested). Pure functions.
 */

/** One booking on a reported account: what a camt.054 notice and a camt.053 entry carry. */
export type BookingLine = {
  readonly bookingReference: string;
  readonly direction: 'credit' | 'debit';
  readonly amountWon: bigint;
  readonly bookedOn: CivilDate;
  readonly endToEndId: string | null;
  readonly instructionId: string | null;
  /** The other party: the creditor of a debit, the debtor of a credit (for a return: the payee it came back from). */
  readonly counterpartyName: string | null;
  readonly counterpartyAccount: string | null;
  readonly remittance: string | null;
  /** Money coming back from the payee's bank (camt `RtrInf`), with the ISO return reason (AC04, AM04, …). */
  readonly returned: boolean;
  readonly returnReason: string | null;
};

export type ReportedAccount = {
  readonly bankCode: string;
  readonly accountNumber: string;
  readonly holderName: string;
};

const koreanClearingSystem = 'KFTC';

export function buildCamt054(input: {
  readonly messageId: string;
  readonly createdAt: Date;
  readonly account: ReportedAccount;
  readonly bookings: readonly BookingLine[];
}): string {
  assert(input.bookings.length > 0, 'a notification reports at least one booking');
  return document('camt.054.001.08', [
    'BkToCstmrDbtCdtNtfctn',
    [
      groupHeader(input.messageId, input.createdAt),
      [
        'Ntfctn',
        [
          ['Id', input.messageId],
          ['CreDtTm', seoulDateTime(input.createdAt)],
          accountElement(input.account),
          ...input.bookings.map((booking) => entryElement(booking, input.account)),
        ],
      ],
    ],
  ]);
}

export function buildCamt053(input: {
  readonly messageId: string;
  readonly createdAt: Date;
  readonly account: ReportedAccount;
  readonly day: CivilDate;
  readonly sequence: number;
  readonly openingWon: bigint;
  readonly closingWon: bigint;
  readonly bookings: readonly BookingLine[];
}): string {
  return document('camt.053.001.08', [
    'BkToCstmrStmt',
    [
      groupHeader(input.messageId, input.createdAt),
      [
        'Stmt',
        [
          ['Id', input.messageId],
          ['ElctrncSeqNb', String(input.sequence)],
          ['CreDtTm', seoulDateTime(input.createdAt)],
          accountElement(input.account),
          balanceElement('OPBD', input.openingWon, input.day),
          balanceElement('CLBD', input.closingWon, input.day),
          ...input.bookings.map((booking) => entryElement(booking, input.account)),
        ],
      ],
    ],
  ]);
}

/** A pain.002 answering a pain.001: the group status and each rejected transfer with its reason code. */
export function buildPain002(input: {
  readonly messageId: string;
  readonly createdAt: Date;
  readonly originalMessageId: string;
  readonly groupStatus: 'ACCP' | 'PART' | 'RJCT';
  readonly rejected: readonly {
    readonly paymentInformationId: string;
    readonly endToEndId: string;
    readonly instructionId: string | null;
    readonly reason: string;
  }[];
}): string {
  const byBlock = new Map<string, (typeof input.rejected)[number][]>();
  for (const rejection of input.rejected) {
    const list = byBlock.get(rejection.paymentInformationId) ?? [];
    list.push(rejection);
    byBlock.set(rejection.paymentInformationId, list);
  }
  return document('pain.002.001.10', [
    'CstmrPmtStsRpt',
    [
      [
        'GrpHdr',
        [
          ['MsgId', input.messageId],
          ['CreDtTm', seoulDateTime(input.createdAt)],
        ],
      ],
      [
        'OrgnlGrpInfAndSts',
        [
          ['OrgnlMsgId', input.originalMessageId],
          ['OrgnlMsgNmId', 'pain.001.001.09'],
          ['GrpSts', input.groupStatus],
        ],
      ],
      ...[...byBlock.entries()].map(
        ([block, rejections]): XmlElement => [
          'OrgnlPmtInfAndSts',
          [
            ['OrgnlPmtInfId', block],
            ...rejections.map(
              (rejection): XmlElement => [
                'TxInfAndSts',
                [
                  rejection.instructionId === null ? undefined : ['OrgnlInstrId', rejection.instructionId],
                  ['OrgnlEndToEndId', rejection.endToEndId],
                  ['TxSts', 'RJCT'],
                  ['StsRsnInf', [['Rsn', [['Cd', rejection.reason]]]]],
                ],
              ],
            ),
          ],
        ],
      ),
    ],
  ]);
}

function groupHeader(messageId: string, createdAt: Date): XmlElement {
  return [
    'GrpHdr',
    [
      ['MsgId', messageId],
      ['CreDtTm', seoulDateTime(createdAt)],
    ],
  ];
}

function accountElement(account: ReportedAccount): XmlElement {
  return [
    'Acct',
    [
      ['Id', [bbanElement(account.accountNumber)]],
      ['Ccy', 'KRW'],
      ['Nm', text(account.holderName, 70)],
      [
        'Svcr',
        [
          [
            'FinInstnId',
            [
              [
                'ClrSysMmbId',
                [
                  ['ClrSysId', [['Prtry', koreanClearingSystem]]],
                  ['MmbId', account.bankCode],
                ],
              ],
            ],
          ],
        ],
      ],
    ],
  ];
}

function bbanElement(accountNumber: string): XmlElement {
  return [
    'Othr',
    [
      ['Id', accountNumber],
      ['SchmeNm', [['Cd', 'BBAN']]],
    ],
  ];
}

function balanceElement(code: 'OPBD' | 'CLBD', amountWon: bigint, day: CivilDate): XmlElement {
  return [
    'Bal',
    [
      ['Tp', [['CdOrPrtry', [['Cd', code]]]]],
      ['Amt', (amountWon < 0n ? -amountWon : amountWon).toString(), { Ccy: 'KRW' }],
      ['CdtDbtInd', amountWon < 0n ? 'DBIT' : 'CRDT'],
      ['Dt', [['Dt', day]]],
    ],
  ];
}

function entryElement(booking: BookingLine, account: ReportedAccount): XmlElement {
  const indicator = booking.direction === 'credit' ? 'CRDT' : 'DBIT';
  const family: readonly [string, string] = booking.returned
    ? ['ICDT', 'RRTN']
    : booking.direction === 'credit'
      ? ['RCDT', 'DMCT']
      : ['ICDT', 'DMCT'];
  const own: XmlElement = ['Pty', [['Nm', text(account.holderName, 140)]]];
  const other: XmlElement = ['Pty', [['Nm', text(booking.counterpartyName ?? 'UNKNOWN', 140)]]];
  const ownAccount: XmlElement = ['Id', [bbanElement(account.accountNumber)]];
  const otherAccount: XmlElement | undefined =
    booking.counterpartyAccount === null ? undefined : ['Id', [bbanElement(booking.counterpartyAccount)]];
  // A debit and its return both report the original transfer's parties: this account pays, the payee receives.
  const paysOut = booking.direction === 'debit' || booking.returned;
  const parties: XmlElement = [
    'RltdPties',
    paysOut
      ? [
          ['Dbtr', [own]],
          ['DbtrAcct', [ownAccount]],
          ['Cdtr', [other]],
          otherAccount === undefined ? undefined : ['CdtrAcct', [otherAccount]],
        ]
      : [
          ['Dbtr', [other]],
          otherAccount === undefined ? undefined : ['DbtrAcct', [otherAccount]],
          ['Cdtr', [own]],
          ['CdtrAcct', [ownAccount]],
        ],
  ];
  const remittance = booking.remittance === null ? '' : text(booking.remittance, 140);
  return [
    'Ntry',
    [
      ['Amt', booking.amountWon.toString(), { Ccy: 'KRW' }],
      ['CdtDbtInd', indicator],
      ['Sts', [['Cd', 'BOOK']]],
      ['BookgDt', [['Dt', booking.bookedOn]]],
      ['ValDt', [['Dt', booking.bookedOn]]],
      ['AcctSvcrRef', booking.bookingReference],
      bankTransactionCode(family),
      [
        'NtryDtls',
        [
          [
            'TxDtls',
            [
              [
                'Refs',
                [
                  ['AcctSvcrRef', booking.bookingReference],
                  booking.instructionId === null ? undefined : ['InstrId', booking.instructionId],
                  booking.endToEndId === null ? undefined : ['EndToEndId', booking.endToEndId],
                ],
              ],
              ['Amt', booking.amountWon.toString(), { Ccy: 'KRW' }],
              ['CdtDbtInd', indicator],
              bankTransactionCode(family),
              parties,
              remittance === '' ? undefined : ['RmtInf', [['Ustrd', remittance]]],
              booking.returned ? ['RtrInf', [['Rsn', [['Cd', booking.returnReason ?? 'NARR']]]]] : undefined,
            ],
          ],
        ],
      ],
    ],
  ];
}

function bankTransactionCode([family, subFamily]: readonly [string, string]): XmlElement {
  return [
    'BkTxCd',
    [
      [
        'Domn',
        [
          ['Cd', 'PMNT'],
          [
            'Fmly',
            [
              ['Cd', family],
              ['SubFmlyCd', subFamily],
            ],
          ],
        ],
      ],
    ],
  ];
}

function text(value: string, charactersMax: number): string {
  const cleaned = truncateText(cleanText(value), charactersMax);
  return cleaned === '' ? '-' : cleaned;
}

function seoulDateTime(instant: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(seoulTimeZone)
    .toString({ smallestUnit: 'second', timeZoneName: 'never' });
}

function document(message: string, root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(['Document', [root], { xmlns: `urn:iso:std:iso:20022:tech:xsd:${message}` }], 0)}`;
}

/** The order of children in the code is the order in the document; an undefined child is left out. */
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
  if (typeof content === 'string') return `${indent}<${name}${attributeText}>${escapeXml(content)}</${name}>\n`;
  const children = content.filter((child) => child !== undefined);
  return `${indent}<${name}${attributeText}>\n${children.map((child) => serialize(child, depth + 1)).join('')}${indent}</${name}>\n`;
}
