// Specifies buildPain001: every document it builds is valid against the official pain.001.001.09 and .03 schemas,
// its counts and control sums are exact (read back from the XML, compared with totals worked out by hand), and
// each refusal a caller can cause is named with the offending field.

import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { AssertionError } from '../../kernel/assert.ts';
import { type CivilDate, civilDate } from '../../kernel/civil-date.ts';
import type { BusinessNumber } from '../../kernel/identifiers.ts';
import { instructionPaymentBlocksMax, instructionTransactionsMax } from '../../kernel/limits.ts';
import { type BuildPain001Result, buildPain001 } from './build-pain001.ts';
import {
  type Agent,
  type Pain001Version,
  type PaymentInformation,
  pain001Versions,
  type Transfer,
  type TransferInstruction,
} from './transfer-instruction.ts';
import { validateAgainstXsd } from './xsd.test-helper.ts';

const createdAt = new Date('2026-03-10T01:02:03.456Z'); // 10:02:03 in Seoul.
const executionOn = civilDate('2026-03-12');
const primeNumber = '1234567815' as BusinessNumber;
const kookmin: Agent = { bankCode: '004' };
const shinhan: Agent = { bankCode: '088', bic: 'SHBKKRSE' };

function transfer(endToEndId: string, amountMinor: bigint, fields: Partial<Transfer> = {}): Transfer {
  return {
    endToEndId,
    amountMinor,
    creditor: { name: '(주)한빛건설' },
    creditorAccount: '110-123-456789',
    creditorAgent: shinhan,
    ...fields,
  };
}

function block(paymentInformationId: string, transfers: Transfer[], fields: Partial<PaymentInformation> = {}) {
  return {
    paymentInformationId,
    requestedExecutionOn: executionOn,
    debtor: { name: '대한종합건설 주식회사', businessNumber: primeNumber },
    debtorAccount: '004-01-0123-456',
    debtorAgent: kookmin,
    transfers,
    ...fields,
  } satisfies PaymentInformation;
}

function instruction(paymentInformation: PaymentInformation[], fields: Partial<TransferInstruction> = {}) {
  return {
    messageId: 'HADO-CLAIM-0001',
    createdAt,
    initiatingParty: { name: '대한종합건설 주식회사', businessNumber: primeNumber },
    paymentInformation,
    ...fields,
  } satisfies TransferInstruction;
}

/** Reads a built document back; every value stays text so no amount passes through a float. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'PmtInf' || name === 'CdtTrfTxInf',
});

// biome-ignore lint/suspicious/noExplicitAny: the parsed document is checked field by field by the assertions.
type Parsed = any;

function built(result: BuildPain001Result): { xml: string; document: Parsed } {
  if (result.result !== 'built') throw new Error(`expected a document, got ${result.result} at ${result.field}`);
  return { xml: result.xml, document: parser.parse(result.xml).Document };
}

function expectValid(xml: string, version: Pain001Version): void {
  const validation = validateAgainstXsd(xml, `pain.001.001.${version}.xsd`);
  expect(validation.valid ? 'valid' : validation.errors).toBe('valid');
}

/** Minor units of a decimal amount text, by removing the point: exact, and independent of the code under test. */
function minorOf(text: string): bigint {
  return BigInt(text.replace('.', ''));
}

const manyTransfers = Array.from({ length: 25 }, (_, index) =>
  transfer(`E2E-MANY-${index + 1}`, BigInt(index + 1) * 100_000n + 7n, {
    creditor: { name: `근로자 ${index + 1}` },
    remittance: '2026년 3월 노무비',
  }),
);

const shapes: {
  name: string;
  instruction: TransferInstruction;
  transactions: string;
  controlSum: string;
  blocks: { transactions: string; controlSum: string }[];
}[] = [
  {
    name: 'one block, one KRW transfer',
    instruction: instruction([block('PMT-1', [transfer('E2E-1', 1_500_000n)])]),
    transactions: '1',
    controlSum: '1500000',
    blocks: [{ transactions: '1', controlSum: '1500000' }],
  },
  {
    // Σ (i × 100 000 + 7) for i = 1…25 = 100 000 × 325 + 25 × 7.
    name: 'one block, 25 KRW transfers to workers with Korean names',
    instruction: instruction([block('PMT-LABOUR', manyTransfers)]),
    transactions: '25',
    controlSum: '32500175',
    blocks: [{ transactions: '25', controlSum: '32500175' }],
  },
  {
    name: 'several blocks, one per dedicated account',
    instruction: instruction([
      block('PMT-LABOUR', [transfer('E2E-W1', 3_200_000n), transfer('E2E-W2', 2_850_000n)], {
        debtorAccount: '004-01-0123-457',
      }),
      block('PMT-PROGRESS', [transfer('E2E-S1', 120_000_000n, { creditor: { name: '동아전기 주식회사' } })]),
    ]),
    transactions: '3',
    controlSum: '126050000',
    blocks: [
      { transactions: '2', controlSum: '6050000' },
      { transactions: '1', controlSum: '120000000' },
    ],
  },
  {
    name: 'EUR amounts with cents, IBANs and BICs',
    instruction: instruction([
      block(
        'PMT-EUR',
        [
          transfer('E2E-EUR-1', 123_456n, {
            currency: 'EUR',
            creditorAccount: 'FR14 2004 1010 0505 0001 3M02 606',
            creditorAgent: { bic: 'BNPAFRPP' },
            creditor: { name: 'Société Générale de Béton' },
          }),
          transfer('E2E-EUR-2', 1n, {
            currency: 'EUR',
            creditorAccount: 'GB29NWBK60161331926819',
            creditorAgent: { bic: 'NWBKGB2L' },
          }),
          transfer('E2E-EUR-3', 9_999n, {
            currency: 'EUR',
            creditorAccount: 'DE89370400440532013000',
            creditorAgent: { bic: 'COBADEFFXXX' },
          }),
        ],
        { debtorAccount: 'DE02120300000000202051', debtorAgent: { bic: 'DEUTDEFFXXX' }, chargeBearer: 'SLEV' },
      ),
    ]),
    transactions: '3',
    controlSum: '1334.56',
    blocks: [{ transactions: '3', controlSum: '1334.56' }],
  },
  {
    // 2^53 + 1 and 2^53 + 3 are not doubles: a float anywhere would print …992 and …996.
    name: 'won amounts beyond 2^53',
    instruction: instruction([
      block('PMT-BIG', [transfer('E2E-BIG-1', 9_007_199_254_740_993n), transfer('E2E-BIG-2', 9_007_199_254_740_995n)]),
    ]),
    transactions: '2',
    controlSum: '18014398509481988',
    blocks: [{ transactions: '2', controlSum: '18014398509481988' }],
  },
  {
    // The ISO control sum adds amounts irrespective of currency: 1000 + 2500 + 10.50 + 0.05.
    name: 'two currencies in one message',
    instruction: instruction([
      block('PMT-KRW', [transfer('E2E-K1', 1_000n), transfer('E2E-K2', 2_500n)]),
      block('PMT-EUR', [
        transfer('E2E-E1', 1_050n, {
          currency: 'EUR',
          creditorAccount: 'DE89370400440532013000',
          creditorAgent: { bic: 'COBADEFF' },
        }),
        transfer('E2E-E2', 5n, {
          currency: 'EUR',
          creditorAccount: 'DE89370400440532013000',
          creditorAgent: { bic: 'COBADEFF' },
        }),
      ]),
    ]),
    transactions: '4',
    controlSum: '3510.55',
    blocks: [
      { transactions: '2', controlSum: '3500' },
      { transactions: '2', controlSum: '10.55' },
    ],
  },
];

for (const version of pain001Versions) {
  describe(`pain.001.001.${version}`, () => {
    for (const shape of shapes) {
      test(`${shape.name}: valid, with exact counts and control sums`, () => {
        const { xml, document } = built(buildPain001(shape.instruction, version));
        expectValid(xml, version);
        expect(document['@xmlns']).toBe(`urn:iso:std:iso:20022:tech:xsd:pain.001.001.${version}`);
        const initiation = document.CstmrCdtTrfInitn;
        expect(initiation.GrpHdr.NbOfTxs).toBe(shape.transactions);
        expect(initiation.GrpHdr.CtrlSum).toBe(shape.controlSum);
        expect(
          initiation.PmtInf.map((block: Parsed) => ({ transactions: block.NbOfTxs, controlSum: block.CtrlSum })),
        ).toEqual(shape.blocks);
        // Every transfer comes back in order with its own amount and currency.
        const written = initiation.PmtInf.flatMap((block: Parsed) =>
          block.CdtTrfTxInf.map((transaction: Parsed) => ({
            endToEndId: transaction.PmtId.EndToEndId,
            amountMinor: minorOf(transaction.Amt.InstdAmt['#text']),
            currency: transaction.Amt.InstdAmt['@Ccy'],
          })),
        );
        const given = shape.instruction.paymentInformation.flatMap((block) =>
          block.transfers.map((transfer) => ({
            endToEndId: transfer.endToEndId,
            amountMinor: transfer.amountMinor,
            currency: transfer.currency ?? 'KRW',
          })),
        );
        expect(written).toEqual(given);
      });
    }

    test('amounts beyond 2^53 are written digit for digit', () => {
      const { xml } = built(buildPain001(shapes[4]!.instruction, version));
      expect(xml).toContain('<InstdAmt Ccy="KRW">9007199254740993</InstdAmt>');
      expect(xml).toContain('<InstdAmt Ccy="KRW">9007199254740995</InstdAmt>');
      expect(xml).toContain('<CtrlSum>18014398509481988</CtrlSum>');
    });

    test('EUR amounts keep their two decimals', () => {
      const { xml } = built(buildPain001(shapes[3]!.instruction, version));
      for (const amount of ['1234.56', '0.01', '99.99'])
        expect(xml).toContain(`<InstdAmt Ccy="EUR">${amount}</InstdAmt>`);
    });

    test('group header: message id, Seoul creation time, initiating party with its business number', () => {
      const { document } = built(buildPain001(shapes[0]!.instruction, version));
      const header = document.CstmrCdtTrfInitn.GrpHdr;
      expect(header.MsgId).toBe('HADO-CLAIM-0001');
      expect(header.CreDtTm).toBe('2026-03-10T10:02:03+09:00');
      expect(header.InitgPty.Nm).toBe('대한종합건설 주식회사');
      expect(header.InitgPty.Id.OrgId.Othr).toEqual({ Id: '1234567815', SchmeNm: { Cd: 'TXID' }, Issr: 'KR-NTS' });
    });

    test('payment information: transfer method, separate booking, debtor, Korean account and bank code', () => {
      const { document } = built(buildPain001(shapes[0]!.instruction, version));
      const block = document.CstmrCdtTrfInitn.PmtInf[0];
      expect(block.PmtMtd).toBe('TRF');
      expect(block.BtchBookg).toBe('false');
      expect(block.ChrgBr).toBe('DEBT');
      expect(block.Dbtr.Nm).toBe('대한종합건설 주식회사');
      expect(block.DbtrAcct.Id.Othr).toEqual({ Id: '004010123456', SchmeNm: { Cd: 'BBAN' } });
      expect(block.DbtrAgt.FinInstnId).toEqual({ ClrSysMmbId: { ClrSysId: { Prtry: 'KFTC' }, MmbId: '004' } });
    });

    test(`requested execution date is ${version === '09' ? 'wrapped in Dt' : 'a bare date'}`, () => {
      const { document } = built(buildPain001(shapes[0]!.instruction, version));
      const date = document.CstmrCdtTrfInitn.PmtInf[0].ReqdExctnDt;
      expect(date).toEqual(version === '09' ? { Dt: '2026-03-12' } : '2026-03-12');
    });

    test(`a BIC is written as ${version === '09' ? 'BICFI' : 'BIC'}, before the clearing-system member`, () => {
      const { xml, document } = built(buildPain001(shapes[0]!.instruction, version));
      const bicTag = version === '09' ? 'BICFI' : 'BIC';
      expect(document.CstmrCdtTrfInitn.PmtInf[0].CdtTrfTxInf[0].CdtrAgt.FinInstnId).toEqual({
        [bicTag]: 'SHBKKRSE',
        ClrSysMmbId: { ClrSysId: { Prtry: 'KFTC' }, MmbId: '088' },
      });
      expect(xml).not.toContain(version === '09' ? '<BIC>' : '<BICFI>');
    });

    test('Korean text, XML specials and long remittance: escaped, cleaned, cut to 140 characters', () => {
      const remittance = `2026년 3월 기성금\n${'가'.repeat(200)}`;
      const result = buildPain001(
        instruction([
          block('PMT-TEXT', [
            transfer('E2E-TEXT', 10_000n, {
              creditor: { name: '한빛 & 동아 <공동수급> "JV"' },
              remittance,
              instructionId: 'INSTR-1',
            }),
          ]),
        ]),
        version,
      );
      const { xml, document } = built(result);
      expectValid(xml, version);
      const transaction = document.CstmrCdtTrfInitn.PmtInf[0].CdtTrfTxInf[0];
      expect(transaction.PmtId).toEqual({ InstrId: 'INSTR-1', EndToEndId: 'E2E-TEXT' });
      expect(transaction.Cdtr.Nm).toBe('한빛 & 동아 <공동수급> "JV"');
      expect(xml).toContain('한빛 &amp; 동아 &lt;공동수급&gt; &quot;JV&quot;');
      const ustrd: string = transaction.RmtInf.Ustrd;
      expect([...ustrd]).toHaveLength(140);
      expect(ustrd.startsWith('2026년 3월 기성금 가가')).toBe(true);
    });

    test('a remittance that cleans to nothing is left out', () => {
      const { xml } = built(
        buildPain001(instruction([block('P', [transfer('E', 1n, { remittance: ' \n\t ' })])]), version),
      );
      expectValid(xml, version);
      expect(xml).not.toContain('<RmtInf>');
    });

    test(`exactly ${instructionTransactionsMax} transfers is still one valid message`, () => {
      const transfers = Array.from({ length: instructionTransactionsMax }, (_, index) =>
        transfer(`E2E-${index}`, 1_000n),
      );
      const result = buildPain001(instruction([block('PMT-MAX', transfers)]), version);
      const { xml, document } = built(result);
      expectValid(xml, version);
      expect(document.CstmrCdtTrfInitn.GrpHdr.NbOfTxs).toBe(String(instructionTransactionsMax));
      expect(document.CstmrCdtTrfInitn.GrpHdr.CtrlSum).toBe(String(instructionTransactionsMax * 1_000));
    });
  });
}

test('version 09 is the default', () => {
  const result = buildPain001(shapes[0]!.instruction);
  expect(result.result === 'built' && result.version).toBe('09');
  expect(result.result === 'built' && result.xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
});

describe('refusals the caller can cause', () => {
  const one = (fields: Partial<Transfer> = {}, blockFields: Partial<PaymentInformation> = {}) =>
    instruction([block('PMT-1', [transfer('E2E-1', 1_000n, fields)], blockFields)]);
  const eighteenNines = 999_999_999_999_999_999n;
  const rows: { name: string; instruction: TransferInstruction; versions?: Pain001Version[]; expected: unknown }[] = [
    {
      name: 'no payment information',
      instruction: instruction([]),
      expected: { result: 'no_payment_information', field: 'paymentInformation' },
    },
    {
      name: `${instructionPaymentBlocksMax + 1} blocks`,
      instruction: instruction(
        Array.from({ length: instructionPaymentBlocksMax + 1 }, (_, index) =>
          block(`P${index}`, [transfer(`E${index}`, 1n)]),
        ),
      ),
      expected: { result: 'too_many_payment_information', field: 'paymentInformation' },
    },
    {
      name: 'a block without transfers',
      instruction: instruction([block('PMT-1', [transfer('E2E-1', 1n)]), block('PMT-2', [])]),
      expected: { result: 'no_transactions', field: 'paymentInformation[1].transfers' },
    },
    {
      name: `${instructionTransactionsMax + 1} transfers over two blocks`,
      instruction: instruction([
        block(
          'PMT-1',
          Array.from({ length: instructionTransactionsMax }, (_, index) => transfer(`A${index}`, 1n)),
        ),
        block('PMT-2', [transfer('B', 1n)]),
      ]),
      expected: { result: 'too_many_transactions', field: 'paymentInformation' },
    },
    {
      name: 'a 36-character message id',
      instruction: instruction([block('P', [transfer('E', 1n)])], { messageId: 'M'.repeat(36) }),
      expected: { result: 'invalid_identifier', field: 'messageId' },
    },
    {
      name: 'an empty message id',
      instruction: instruction([block('P', [transfer('E', 1n)])], { messageId: '' }),
      expected: { result: 'invalid_identifier', field: 'messageId' },
    },
    {
      name: 'a Korean end-to-end id',
      instruction: one({ endToEndId: '기성-1' }),
      expected: { result: 'invalid_identifier', field: 'paymentInformation[0].transfers[0].endToEndId' },
    },
    {
      name: 'an end-to-end id starting with a slash',
      instruction: one({ endToEndId: '/E2E' }),
      expected: { result: 'invalid_identifier', field: 'paymentInformation[0].transfers[0].endToEndId' },
    },
    {
      name: 'a 36-character instruction id',
      instruction: one({ instructionId: 'I'.repeat(36) }),
      expected: { result: 'invalid_identifier', field: 'paymentInformation[0].transfers[0].instructionId' },
    },
    {
      name: 'a 35-character end-to-end id (the largest allowed)',
      instruction: one({ endToEndId: 'E'.repeat(35) }),
      expected: 'built',
    },
    {
      name: 'the same end-to-end id in two blocks',
      instruction: instruction([block('PMT-1', [transfer('E2E-1', 1n)]), block('PMT-2', [transfer('E2E-1', 1n)])]),
      expected: { result: 'duplicate_identifier', field: 'paymentInformation[1].transfers[0].endToEndId' },
    },
    {
      name: 'the same payment information id twice',
      instruction: instruction([block('PMT-1', [transfer('E2E-1', 1n)]), block('PMT-1', [transfer('E2E-2', 1n)])]),
      expected: { result: 'duplicate_identifier', field: 'paymentInformation[1].paymentInformationId' },
    },
    {
      name: 'a zero amount',
      instruction: one({ amountMinor: 0n }),
      expected: { result: 'amount_not_positive', field: 'paymentInformation[0].transfers[0].amountMinor' },
    },
    {
      name: 'a negative amount',
      instruction: one({ amountMinor: -1n }),
      expected: { result: 'amount_not_positive', field: 'paymentInformation[0].transfers[0].amountMinor' },
    },
    {
      name: 'an 18-digit amount (the largest the XSD allows)',
      instruction: one({ amountMinor: eighteenNines }),
      expected: 'built',
    },
    {
      name: 'a 19-digit amount',
      instruction: one({ amountMinor: eighteenNines + 1n }),
      expected: { result: 'amount_too_large', field: 'paymentInformation[0].transfers[0].amountMinor' },
    },
    {
      name: 'a block whose control sum needs 19 digits',
      instruction: instruction([block('P', [transfer('E1', eighteenNines), transfer('E2', 1n)])]),
      expected: { result: 'amount_too_large', field: 'paymentInformation[0].controlSum' },
    },
    {
      name: 'a message whose control sum needs 19 digits',
      instruction: instruction([block('P1', [transfer('E1', eighteenNines)]), block('P2', [transfer('E2', 1n)])]),
      expected: { result: 'amount_too_large', field: 'controlSum' },
    },
    {
      name: 'an unknown currency',
      instruction: one({ currency: 'XYZ' }),
      expected: { result: 'unknown_currency', field: 'paymentInformation[0].transfers[0].currency' },
    },
    {
      name: 'a lower-case currency',
      instruction: one({ currency: 'krw' }),
      expected: { result: 'unknown_currency', field: 'paymentInformation[0].transfers[0].currency' },
    },
    {
      name: 'a creditor account too short to be Korean',
      instruction: one({ creditorAccount: '12-34' }),
      expected: { result: 'invalid_account', field: 'paymentInformation[0].transfers[0].creditorAccount' },
    },
    {
      name: 'an IBAN with wrong check digits',
      instruction: one({ creditorAccount: 'DE89370400440532013001' }),
      expected: { result: 'invalid_account', field: 'paymentInformation[0].transfers[0].creditorAccount' },
    },
    {
      name: 'a debtor account with letters',
      instruction: one({}, { debtorAccount: '004-ABC-123456' }),
      expected: { result: 'invalid_account', field: 'paymentInformation[0].debtorAccount' },
    },
    {
      name: 'a two-digit bank code',
      instruction: one({ creditorAgent: { bankCode: '04' } }),
      expected: { result: 'invalid_bank_code', field: 'paymentInformation[0].transfers[0].creditorAgent.bankCode' },
    },
    {
      name: 'a lower-case BIC',
      instruction: one({}, { debtorAgent: { bic: 'deutdeff' } }),
      expected: { result: 'invalid_bic', field: 'paymentInformation[0].debtorAgent.bic' },
    },
    {
      name: 'a BIC with digits in the bank part, refused by the 2009 pattern',
      instruction: one({ creditorAgent: { bic: 'AB12DEFF' } }),
      versions: ['03'],
      expected: { result: 'invalid_bic', field: 'paymentInformation[0].transfers[0].creditorAgent.bic' },
    },
    {
      name: 'a BIC with digits in the bank part, allowed by the 2014 pattern',
      instruction: one({ creditorAgent: { bic: 'AB12DEFF' } }),
      versions: ['09'],
      expected: 'built',
    },
    {
      name: 'a creditor name of white space only',
      instruction: one({ creditor: { name: ' \n\t ' } }),
      expected: { result: 'name_missing', field: 'paymentInformation[0].transfers[0].creditor.name' },
    },
    {
      name: 'an empty debtor name',
      instruction: one({}, { debtor: { name: '' } }),
      expected: { result: 'name_missing', field: 'paymentInformation[0].debtor.name' },
    },
  ];
  for (const row of rows) {
    for (const version of row.versions ?? pain001Versions) {
      test(`${row.name} (${version}) → ${typeof row.expected === 'string' ? row.expected : (row.expected as { result: string }).result}`, () => {
        const result = buildPain001(row.instruction, version);
        if (row.expected === 'built') {
          expect(result.result).toBe('built');
          if (result.result === 'built') expectValid(result.xml, version);
        } else {
          expect(result).toEqual(row.expected);
        }
      });
    }
  }
});

describe('programmer errors are asserted', () => {
  const base = () => instruction([block('P', [transfer('E', 1n)])]);
  for (const row of [
    { name: 'an invalid creation instant', make: () => ({ ...base(), createdAt: new Date('not a date') }) },
    {
      name: 'an impossible execution date',
      make: () => instruction([block('P', [transfer('E', 1n)], { requestedExecutionOn: '2026-02-30' as CivilDate })]),
    },
    {
      name: 'an agent naming no bank',
      make: () => instruction([block('P', [transfer('E', 1n, { creditorAgent: {} as Agent })])]),
    },
    {
      name: 'a business number with a wrong check digit',
      make: () => ({ ...base(), initiatingParty: { name: 'X', businessNumber: '1234567890' as BusinessNumber } }),
    },
  ]) {
    test(`${row.name} throws`, () => {
      expect(() => buildPain001(row.make())).toThrow(AssertionError);
    });
  }
});

describe('properties of random batches', () => {
  const currencies = ['KRW', 'EUR', 'JPY', 'BHD'] as const;
  const exponents: Record<(typeof currencies)[number], number> = { KRW: 0, EUR: 2, JPY: 0, BHD: 3 };
  type Batch = {
    currency: (typeof currencies)[number];
    blocks: { amounts: bigint[]; name: string; remittance: string | undefined }[];
  };
  const batch: fc.Arbitrary<Batch> = fc.record({
    currency: fc.constantFrom(...currencies),
    blocks: fc.array(
      fc.record({
        amounts: fc.array(fc.bigInt({ min: 1n, max: 10n ** 15n }), { minLength: 1, maxLength: 12 }),
        name: fc.string({ unit: 'binary', maxLength: 160 }),
        remittance: fc.option(fc.string({ unit: 'binary', maxLength: 300 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  });
  const toInstruction = (generated: Batch) =>
    instruction(
      generated.blocks.map((generatedBlock, blockIndex) =>
        block(
          `PMT-${blockIndex}`,
          generatedBlock.amounts.map((amount, index) =>
            transfer(`E2E-${blockIndex}-${index}`, amount, {
              currency: generated.currency,
              // A leading letter keeps the name non-empty after cleaning; the rest is any Unicode at all.
              creditor: { name: `김${generatedBlock.name}` },
              remittance: generatedBlock.remittance,
            }),
          ),
        ),
      ),
    );

  test('CtrlSum is the exact sum of the amounts, in the currency’s decimals, and NbOfTxs their count', () => {
    fc.assert(
      fc.property(batch, fc.constantFrom(...pain001Versions), (generated, version) => {
        const { document } = built(buildPain001(toInstruction(generated), version));
        const exponent = exponents[generated.currency];
        const all = generated.blocks.flatMap((generatedBlock) => generatedBlock.amounts);
        const header = document.CstmrCdtTrfInitn.GrpHdr;
        expect(minorOf(header.CtrlSum)).toBe(all.reduce((sum, amount) => sum + amount, 0n));
        expect(header.CtrlSum.split('.')[1]?.length ?? 0).toBe(exponent);
        expect(header.NbOfTxs).toBe(String(all.length));
        document.CstmrCdtTrfInitn.PmtInf.forEach((writtenBlock: Parsed, index: number) => {
          const amounts = generated.blocks[index]!.amounts;
          expect(minorOf(writtenBlock.CtrlSum)).toBe(amounts.reduce((sum, amount) => sum + amount, 0n));
          expect(writtenBlock.NbOfTxs).toBe(String(amounts.length));
        });
      }),
      { numRuns: 200 },
    );
  });

  test('every random batch validates against both official schemas', () => {
    fc.assert(
      fc.property(batch, (generated) => {
        for (const version of pain001Versions)
          expectValid(built(buildPain001(toInstruction(generated), version)).xml, version);
      }),
      { numRuns: 20 },
    );
  });
});

describe('the schema check itself can fail', () => {
  test('a 09 document is not a valid 03 document', () => {
    const result = buildPain001(shapes[0]!.instruction, '09');
    const validation = validateAgainstXsd(built(result).xml, 'pain.001.001.03.xsd');
    expect(validation.valid).toBe(false);
  });

  test('elements out of XSD order are refused', () => {
    const { xml } = built(buildPain001(shapes[0]!.instruction, '09'));
    const swapped = xml
      .replace('<PmtMtd>TRF</PmtMtd>', '')
      .replace('</PmtInfId>', '</PmtInfId><CtrlSum>1</CtrlSum><PmtMtd>TRF</PmtMtd>');
    const validation = validateAgainstXsd(swapped, 'pain.001.001.09.xsd');
    expect(validation.valid).toBe(false);
    expect(validation.valid ? '' : validation.errors).toContain('PmtMtd');
  });

  test('a float-style amount is refused', () => {
    const { xml } = built(buildPain001(shapes[0]!.instruction, '03'));
    const floated = xml.replace('<InstdAmt Ccy="KRW">1500000</InstdAmt>', '<InstdAmt Ccy="KRW">1.5e6</InstdAmt>');
    expect(floated).not.toBe(xml);
    expect(validateAgainstXsd(floated, 'pain.001.001.03.xsd').valid).toBe(false);
  });
});
