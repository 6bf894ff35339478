// Specifies what the readers report for every file of the shared bank-format corpus: counts, exact sums
// per currency and direction, balance checks, statuses and notable flags, established from the files
// themselves (grep, xmllint, by eye and an independent ElementTree count), not from the readers' output.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { StatementError } from './statement-error.ts';
import { summarizeStatementFile } from './summarize-statement.ts';

/** The corpus lives in `shared/` beside the repository (`../shared` from the repository root). */
const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

type ExpectedStatement = {
  id: string | null;
  account: string | null;
  entries: number;
  transactions: number;
  reversals: number;
  sums: Record<string, string>;
  reconciles: boolean | null;
};
type ExpectedFile = {
  file: string;
  format: string;
  statements: ExpectedStatement[];
  statuses: [string, string, string[]][];
};

const isoFiles: ExpectedFile[] = [
  {
    file: 'camt.052/camtparser__valid_example_with_dates.xml',
    format: 'camt.052.001.02',
    statements: [
      {
        id: '1234567890-2019-08-09-11-17-11',
        account: '0000000000000001',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:debit': '5.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/genkgo__camt052.v4.xml',
    format: 'camt.052.001.04',
    statements: [
      {
        id: 'AAAASESS-FP-ACCR001',
        account: 'CH2801234000123456789',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'SEK:debit': '200000' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/genkgo__camt052.v6.Amt-zero.xml',
    format: 'camt.052.001.06',
    statements: [
      {
        id: 'AAAASESS-FP-ACCR001',
        account: 'CH2801234000123456789',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'SEK:debit': '200000' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/hbci4java__test-camt-parse-05200108.xml',
    format: 'camt.052.001.08',
    statements: [
      {
        id: 'camt0528_ONLINEBA',
        account: 'DE12345678901234567890',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:debit': '34.00' },
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/hbci4java__test-camt-parse-5200108-invalid-saldo.xml',
    format: 'camt.052.001.08',
    statements: [
      {
        id: 'camt0528_ONLINEBA',
        account: 'DE12345678901234567890',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:debit': '34.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/hbci4java__test-camt-ruecklastschrift.xml',
    format: 'camt.052.001.02',
    statements: [
      {
        id: 'camt052_ONLINEBA',
        account: 'DE1234567890',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:debit': '53.00' },
        reconciles: false,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/moov__200519_camt.052_P_CH2909000000250094239_1110092686_0_2019042416072347.xml',
    format: 'camt.052.001.04',
    statements: [
      {
        id: '20190424375204223062174',
        account: 'CH2909000000250094239',
        entries: 2,
        transactions: 2,
        reversals: 0,
        sums: { 'CHF:debit': '1016.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/moov__FI_camt_052_sample.xml.xml',
    format: 'camt.052.001.02',
    statements: [
      {
        id: 'BANKFILEID00001NTR00001',
        account: 'FI7433010001222090',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:credit': '2120.00' },
        reconciles: null,
      },
      {
        id: 'BANKRPTID1972009',
        account: 'FI7433010001222090',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:credit': '100.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.052/subite__CAMT_052__2024-03-14.xml',
    format: 'camt.052.001.06',
    statements: [
      {
        id: 'MSG71036772-IGNBRX',
        account: 'LT809872649478701594',
        entries: 0,
        transactions: 0,
        reversals: 0,
        sums: {},
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/camtparser__valid_example_v4.xml',
    format: 'camt.053.001.04',
    statements: [
      {
        id: '20160430375204000008574',
        account: 'CH0309000000250090342',
        entries: 13,
        transactions: 32,
        reversals: 2,
        sums: { 'CHF:debit': '1272.95', 'CHF:credit': '1810.56' },
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/camtparser__valid_example_v8.xml',
    format: 'camt.053.001.08',
    statements: [
      {
        id: 'R30B4SA880HMZ9XA',
        account: 'CH1111111111111111111',
        entries: 3,
        transactions: 3,
        reversals: 0,
        sums: { 'CHF:credit': '563.25', 'EUR:debit': '20.97' },
        reconciles: false,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/camtparser__valid_example_with_datetime.xml',
    format: 'camt.053.001.10',
    statements: [
      {
        id: '7301750-38631543-1688639227213',
        account: '11111111',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'USD:credit': '195.86' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/genkgo__camt053.v2.all-balance-types.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: 'CAMT0532015012200001',
        account: 'CH2801234000123456789',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:credit': '8.850' },
        reconciles: false,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/genkgo__camt053.v2.five.decimals.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: '253EURNL26VAYB8060476890',
        account: 'NL26VAYB8060476890',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:credit': '8.850' },
        reconciles: false,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/genkgo__camt053.v2.multi.statement.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: '253EURNL26VAYB8060476890',
        account: 'NL26VAYB8060476890',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:credit': '8.85' },
        reconciles: true,
      },
      {
        id: '254EURNL26VAYB8060476890',
        account: 'NL26VAYB8060476890',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'EUR:debit': '7.00' },
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/iso20022js__abn_amro__example_camt.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: '0574908765.2013-04-02',
        account: 'NL77ABNA0574908765',
        entries: 13,
        transactions: 29,
        reversals: 2,
        sums: { 'EUR:credit': '28.00', 'EUR:debit': '928.00' },
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/iso20022js__goldman_sachs__camt_053_uk_v2_virtual_accounts.xml',
    format: 'camt.053.001.02',
    statements: [
      { id: '9740092600', account: '60000635', entries: 0, transactions: 0, reversals: 0, sums: {}, reconciles: true },
      {
        id: '9740092650',
        account: 'GB36GSLD04296250000970',
        entries: 6,
        transactions: 6,
        reversals: 1,
        sums: { 'GBP:debit': '400.00', 'GBP:credit': '200.00' },
        reconciles: false,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/iso20022js__goldman_sachs__camt_053_us_v2_sample.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: '258158850',
        account: 'DD01100056869',
        entries: 15,
        transactions: 15,
        reversals: 3,
        sums: { 'USD:credit': '100.00', 'USD:debit': '40.00', 'EUR:debit': '29.06' },
        reconciles: false,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/iso20022js__ing__example_camt.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: '201401030009999',
        account: 'NL08INGB0000001234',
        entries: 9,
        transactions: 9,
        reversals: 1,
        sums: { 'EUR:credit': '990.00', 'EUR:debit': '385.00' },
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/iso20022js__nordea__example_camt.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: '2019-05-09-04.44.12-EUR0574',
        account: 'FI8529501800030574',
        entries: 6,
        transactions: 6,
        reversals: 0,
        sums: { 'EUR:credit': '10100.50', 'EUR:debit': '1500.50' },
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/moov__FI_camt_053_sample.xml.xml',
    format: 'camt.053.001.02',
    statements: [
      {
        id: 'BANKSTMTID0972009',
        account: 'FI7433010001222090',
        entries: 10,
        transactions: 13,
        reversals: 0,
        sums: { 'EUR:debit': '9430.17', 'EUR:credit': '23075.00' },
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/subite__CAMT_053__2024-03-07.xml',
    format: 'camt.053.001.08',
    statements: [
      {
        id: 'MSG66141212-AUHHDI',
        account: 'LT625883379695428516',
        entries: 3,
        transactions: 3,
        reversals: 0,
        sums: { 'EUR:credit': '828531.98', 'EUR:debit': '5794.17' },
        reconciles: true,
      },
      {
        id: 'MSG64056289-VSGMBR',
        account: 'LT414319056143772570',
        entries: 0,
        transactions: 0,
        reversals: 0,
        sums: {},
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/subite__CAMT_053__2024-03-08.xml',
    format: 'camt.053.001.08',
    statements: [
      {
        id: 'MSG46239194-CTUVRV',
        account: 'LT625883379695428516',
        entries: 4,
        transactions: 4,
        reversals: 0,
        sums: { 'EUR:debit': '106752.86', 'EUR:credit': '5432191.43' },
        reconciles: true,
      },
      {
        id: 'MSG63004832-WWGKYZ',
        account: 'LT414319056143772570',
        entries: 0,
        transactions: 0,
        reversals: 0,
        sums: {},
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.053/subite__CAMT_053__2024-03-11.xml',
    format: 'camt.053.001.08',
    statements: [
      {
        id: 'MSG98493437-ZAWKOB',
        account: 'LT625883379695428516',
        entries: 8,
        transactions: 8,
        reversals: 0,
        sums: { 'EUR:debit': '594321.18', 'EUR:credit': '2559741.42' },
        reconciles: true,
      },
      {
        id: 'MSG69573428-IKYOLC',
        account: 'LT414319056143772570',
        entries: 0,
        transactions: 0,
        reversals: 0,
        sums: {},
        reconciles: true,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/camtparser__valid_example.xml',
    format: 'camt.054.001.04',
    statements: [
      {
        id: '20160410375204000131032',
        account: 'CH0309000000250090342',
        entries: 4,
        transactions: 5,
        reversals: 2,
        sums: { 'CHF:credit': '80.56', 'CHF:debit': '21.53' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/genkgo__camt054.v8-with-UETR.xml',
    format: 'camt.054.001.08',
    statements: [
      {
        id: 'AAAASESS-FP-ACCR001',
        account: 'CH2801234000123456789',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'SEK:debit': '200000' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/genkgo__camt054.v8.xml',
    format: 'camt.054.001.08',
    statements: [
      {
        id: 'AAAASESS-FP-ACCR001',
        account: 'CH2801234000123456789',
        entries: 1,
        transactions: 3,
        reversals: 0,
        sums: { 'SEK:debit': '200000' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/moov__200519_camt.054-Credit_P_CH2909000000250094239_1110092691_0_2019042421291293.xml',
    format: 'camt.054.001.04',
    statements: [
      {
        id: '20190424375204223076553',
        account: 'CH2909000000250094239',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'CHF:credit': '1500.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/moov__200519_camt.054-Debit_P_CH2909000000250094239_1110092692_0_2019042401501580.xml',
    format: 'camt.054.001.04',
    statements: [
      {
        id: '20190424375204222704047',
        account: 'CH2909000000250094239',
        entries: 1,
        transactions: 1,
        reversals: 0,
        sums: { 'CHF:debit': '913.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/moov__200519_camt054-ESR-ASR_P_CH2909000000250094239_1110092704_0_2019042500372179.xml',
    format: 'camt.054.001.04',
    statements: [
      {
        id: '20190424375204228750931',
        account: 'CH2909000000250094239',
        entries: 2,
        transactions: 6,
        reversals: 0,
        sums: { 'CHF:credit': '1537.00', 'CHF:debit': '147.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/moov__FI_camt_054_sample.xml.xml',
    format: 'camt.054.001.02',
    statements: [
      {
        id: 'BANKFILEID00001NTR00001',
        account: 'FI7433010001222090',
        entries: 6,
        transactions: 13,
        reversals: 1,
        sums: { 'EUR:credit': '5600.00', 'EUR:debit': '5230.05' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/moov__camt054-returns_p_ch5109000000250092291_1110097606_0_2020112500512470.xml',
    format: 'camt.054.001.04',
    statements: [
      {
        id: '20201124375204228763930',
        account: 'CH5109000000250092291',
        entries: 1,
        transactions: 1,
        reversals: 1,
        sums: { 'CHF:credit': '500.00' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'camt.054/subite__CAMT_054__2024-04-01.xml',
    format: 'camt.054.001.10',
    statements: [
      {
        id: '1432608',
        account: 'LT809872649478701594',
        entries: 1,
        transactions: 53,
        reversals: 0,
        sums: { 'EUR:credit': '17517.58' },
        reconciles: null,
      },
    ],
    statuses: [],
  },
  {
    file: 'pain.002/hbci4java__test-pain-parse-0020110-01.xml',
    format: 'pain.002',
    statements: [],
    statuses: [
      ['group', 'RVMC', []],
      ['payment_information', 'RVMC', []],
      ['transaction', 'RVNM', []],
    ],
  },
  {
    file: 'pain.002/hbci4java__test-pain-parse-0020110-02.xml',
    format: 'pain.002.001.10',
    statements: [],
    statuses: [
      ['group', 'RVMC', []],
      ['payment_information', 'RVMC', []],
      ['transaction', 'RVNM', []],
    ],
  },
  {
    file: 'pain.002/hbci4java__test-pain-parse-0020110-03.xml',
    format: 'pain.002.001.10',
    statements: [],
    statuses: [
      ['group', 'RCVC', []],
      ['payment_information', 'RCVC', []],
    ],
  },
  {
    file: 'pain.002/iso20022js__cross_river__pain_002_transaction_rejected.xml',
    format: 'pain.002.001.03',
    statements: [],
    statuses: [
      ['group', 'ACTC', []],
      ['payment_information', 'RJCT', []],
      ['transaction', 'RJCT', ['NARR']],
      ['transaction', 'RJCT', ['NARR']],
      ['transaction', 'RJCT', ['NARR']],
    ],
  },
  {
    file: 'pain.002/iso20022js__goldman_sachs__pain_002_v3_accepted.xml',
    format: 'pain.002.001.03',
    statements: [],
    statuses: [['transaction', 'ACCP', ['NARR']]],
  },
  {
    file: 'pain.002/iso20022js__nordea__pain_002_v3_txn_reject.xml',
    format: 'pain.002.001.03',
    statements: [],
    statuses: [
      ['payment_information', 'RJCT', []],
      ['transaction', 'RJCT', ['NARR']],
      ['transaction', 'RJCT', ['NARR']],
    ],
  },
  {
    file: 'pain.002/moov__pain002-epo_p_ch2909000000250094239_1109800799_0_2018032612092784.xml',
    format: 'pain.002.001.03',
    statements: [],
    statuses: [
      ['payment_information', 'RJCT', ['NARR']],
      ['transaction', 'RJCT', ['AC01']],
    ],
  },
  {
    file: 'pain.002/nivaes__pain.002.001.03_2.xml',
    format: 'pain.002.001.03',
    statements: [],
    statuses: [['transaction', 'RJCT', ['AM05']]],
  },
];

/** MT940/MT942: statement and movement counts from `grep -c '^:20:'` and `'^:61:'`; sums and checks by hand. */
type ExpectedMt = {
  file: string;
  format: string;
  statements: number;
  entries: number[] | number;
  reconciles: (boolean | null)[] | boolean | null;
  sums?: Record<string, string>[];
};
const mtFiles: ExpectedMt[] = [
  { file: 'mt940/wolph__ASNB__mt940.txt', format: 'mt940', statements: 31, entries: 8, reconciles: true },
  { file: 'mt940/wolph__betterplace__sepa_mt9401.sta', format: 'mt940', statements: 26, entries: 97, reconciles: true },
  {
    file: 'mt940/wolph__betterplace__with_binary_character.sta',
    format: 'mt940',
    statements: 2,
    entries: [3, 1],
    reconciles: [true, true],
    sums: [{ 'EUR:credit': '13095.30', 'EUR:debit': '193282.05' }, { 'EUR:credit': '1120.00' }],
  },
  {
    file: 'mt940/wolph__citi__mt940.txt',
    format: 'mt940',
    statements: 1,
    entries: [5],
    reconciles: [true],
    sums: [{ 'USD:debit': '1142.75', 'USD:credit': '0.00' }],
  },
  {
    file: 'mt940/wolph__jejik__abnamro.sta',
    format: 'mt940',
    statements: 2,
    entries: [8, 2],
    reconciles: [false, false],
    sums: [{ 'EUR:debit': '321.44' }, { 'EUR:debit': '24.49' }],
  },
  {
    file: 'mt940/wolph__jejik__ing.sta',
    format: 'mt940',
    statements: 1,
    entries: [7],
    reconciles: [false],
    sums: [{ 'EUR:debit': '50.27', 'EUR:credit': '4.68' }],
  },
  {
    file: 'mt940/wolph__jejik__rabobank.sta',
    format: 'mt940',
    statements: 4,
    entries: [1, 0, 2, 2],
    reconciles: [false, true, false, true],
    sums: [{ 'EUR:debit': '1213.28' }, {}, { 'EUR:debit': '281.51' }, { 'EUR:debit': '94.30' }],
  },
  {
    file: 'mt940/wolph__mBank__mt942.sta',
    format: 'mt942',
    statements: 1,
    entries: [3],
    reconciles: [null],
    sums: [{ 'PLN:credit': '0.03' }],
  },
  {
    file: 'mt940/wolph__sberbank__171011_01234945.sta',
    format: 'mt940',
    statements: 1,
    entries: [3],
    reconciles: [true],
    sums: [{ 'HUF:debit': '9437.00' }],
  },
  {
    file: 'mt940/wolph__self-provided__mt942.sta',
    format: 'mt942',
    statements: 1,
    entries: [1],
    reconciles: [null],
    sums: [{ 'EUR:debit': '0.42' }],
  },
  {
    file: 'mt940/wolph__self-provided__raiffeisen-cmi.sta',
    format: 'mt940',
    statements: 1,
    entries: [7],
    reconciles: [false],
    sums: [{ 'HUF:credit': '2066637.00', 'HUF:debit': '3078850.50' }],
  },
];
/** Files that must be refused, with what the refusal names. */
const refusedFiles = [{ file: 'mt940/wolph__self-provided__february_30.sta', reason: /:6: impossible date 160230/ }];

describe('every corpus file is covered by this specification', () => {
  test('no bank file in camt.052/053/054, pain.002 and mt940 is left out', () => {
    const listed = new Set([...isoFiles, ...mtFiles, ...refusedFiles].map((row) => row.file));
    for (const folder of [
      'iso20022/camt.052',
      'iso20022/camt.053',
      'iso20022/camt.054',
      'iso20022/pain.002',
      'mt940',
    ]) {
      for (const name of readdirSync(`${corpus}${folder}`)) {
        if (name === 'README.md') continue;
        expect(listed, `${folder}/${name}`).toContain(`${folder.replace('iso20022/', '')}/${name}`);
      }
    }
  });
});

describe('ISO 20022 corpus files', () => {
  for (const row of isoFiles) {
    test(`${row.file} → ${row.format}, ${row.statements.length} statements, ${row.statuses.length} statuses`, async () => {
      const summary = await summarizeStatementFile(`${corpus}iso20022/${row.file}`);
      expect(summary.format).toBe(row.format);
      expect(
        summary.statements.map(({ id, account, entries, transactions, reversals, sums, reconciles }) => ({
          id,
          account,
          entries,
          transactions,
          reversals,
          sums,
          reconciles,
        })),
      ).toEqual(row.statements);
      expect(summary.statuses.map((status) => [status.level, status.status, status.reasons])).toEqual(row.statuses);
    });
  }
});

describe('MT940/MT942 corpus files', () => {
  for (const row of mtFiles) {
    test(`${row.file} → ${row.statements} statements`, async () => {
      const summary = await summarizeStatementFile(`${corpus}${row.file}`);
      expect(summary.format).toBe(row.format);
      expect(summary.statements).toHaveLength(row.statements);
      const entries = summary.statements.map((statement) => statement.entries);
      if (typeof row.entries === 'number') expect(entries.reduce((a, b) => a + b, 0)).toBe(row.entries);
      else expect(entries).toEqual(row.entries);
      const reconciles = summary.statements.map((statement) => statement.reconciles);
      if (Array.isArray(row.reconciles)) expect(reconciles).toEqual(row.reconciles);
      else expect(new Set(reconciles)).toEqual(new Set([row.reconciles]));
      if (row.sums) expect(summary.statements.map((statement) => statement.sums)).toEqual(row.sums);
      // MT940 has no transaction details: one movement per :61:.
      for (const statement of summary.statements) expect(statement.transactions).toBe(statement.entries);
    });
  }
  for (const row of refusedFiles) {
    test(`${row.file} is refused`, async () => {
      const reading = summarizeStatementFile(`${corpus}${row.file}`);
      await expect(reading).rejects.toBeInstanceOf(StatementError);
      await expect(reading).rejects.toThrow(row.reason);
    });
  }
});
