// Specifies that hostile or broken bank files are refused with a StatementError naming file and position,
// quickly (after reading little of the stream) and with bounded memory: DTDs and entities, deep nesting,
// oversized nodes, too many attributes, oversized files, malformed XML, impossible dates and bad amounts.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { xmlDepthMax, xmlTextBytesMax } from '../../kernel/limits.ts';
import { type ReadStatementOptions, readStatement } from './read-statement.ts';
import { StatementError } from './statement-error.ts';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

/** An endless-looking stream: a prefix, then `repeat` up to `totalBytes`, counting what the reader pulled. */
function hostileStream(prefix: string, repeat: string, totalBytes: number) {
  const pulled = { bytes: 0 };
  const chunk = Buffer.from(repeat.repeat(Math.ceil(65_536 / repeat.length)));
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const head = Buffer.from(prefix);
    pulled.bytes += head.length;
    yield head;
    while (pulled.bytes < totalBytes) {
      pulled.bytes += chunk.length;
      yield chunk; // The same buffer every time: the stream itself allocates nothing.
    }
  }
  return { chunks: chunks(), pulled };
}

async function drain(source: AsyncIterable<Uint8Array> | string, options: ReadStatementOptions = {}): Promise<number> {
  let events = 0;
  for await (const _event of readStatement(source, { name: 'hostile.xml', ...options })) events += 1;
  return events;
}

function bytes(text: string): AsyncIterable<Uint8Array> {
  return (async function* () {
    yield Buffer.from(text);
  })();
}

/** Splits a document into tiny chunks so that markup straddles chunk boundaries. */
function trickle(text: string, size: number): AsyncIterable<Uint8Array> {
  return (async function* () {
    const all = Buffer.from(text);
    for (let start = 0; start < all.length; start += size) yield all.subarray(start, start + size);
  })();
}

const statementOpen =
  '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">' +
  '<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr><Stmt><Id>S</Id><Acct><Id><IBAN>DE12</IBAN></Id></Acct>';
const statementClose = '</Stmt></BkToCstmrStmt></Document>';
const entry = (amount: string, date = '2024-03-07') =>
  `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>` +
  `<BookgDt><Dt>${date}</Dt></BookgDt></Ntry>`;

const megabyte = 1024 * 1024;

async function expectRefusedWithBoundedMemory(
  prefix: string,
  repeat: string,
  reason: RegExp,
  pulledMax = 4 * megabyte,
): Promise<void> {
  const before = process.memoryUsage().heapUsed;
  const { chunks, pulled } = hostileStream(prefix, repeat, 1024 * megabyte);
  const error = await drain(chunks, { fileBytesMax: Number.POSITIVE_INFINITY }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StatementError);
  expect((error as StatementError).message).toMatch(reason);
  // Refused after a few megabytes of a gigabyte stream, never buffering it.
  expect(pulled.bytes).toBeLessThan(pulledMax);
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * megabyte);
}

describe('DTDs and entities are refused', () => {
  const xxe =
    '<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
    '<Document><BkToCstmrStmt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></BkToCstmrStmt></Document>';
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level || ''};`.repeat(10)}">`).join(
      '',
    ) +
    ']><Document><BkToCstmrStmt><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></BkToCstmrStmt></Document>';
  for (const row of [
    { name: 'XXE (external entity)', document: xxe },
    { name: 'billion laughs', document: laughs },
  ]) {
    test(`${row.name} → StatementError naming the DTD`, async () => {
      await expect(drain(bytes(row.document))).rejects.toThrow(/^hostile\.xml:1:\d+: DOCTYPE\/DTD is not allowed/);
    });
    test(`${row.name} split into 3-byte chunks is refused the same`, async () => {
      await expect(drain(trickle(row.document, 3))).rejects.toThrow(/DOCTYPE\/DTD is not allowed/);
    });
  }
  test('an entity reference without a DTD is malformed XML, never expanded', async () => {
    await expect(
      drain(bytes(`${statementOpen}<Ntry><NtryRef>&xxe;</NtryRef></Ntry>${statementClose}`)),
    ).rejects.toThrow(/malformed XML: .*undefined entity/i);
  });
  test('a DTD hidden behind a long prolog comment is still refused before it is buffered', async () => {
    await expectRefusedWithBoundedMemory(
      `<?xml version="1.0"?><!-- ${'c'.repeat(1000)} --><!DOCTYPE Document [`,
      '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">',
      /DOCTYPE\/DTD is not allowed/,
    );
  });
});

describe('oversized structures are refused as they arrive, with bounded memory', () => {
  test(`nesting deeper than ${xmlDepthMax} (a gigabyte of open tags)`, async () => {
    await expectRefusedWithBoundedMemory(statementOpen, '<Ntry>', new RegExp(`nested deeper than ${xmlDepthMax}`));
  });
  test(`a text node beyond ${xmlTextBytesMax} characters`, async () => {
    await expectRefusedWithBoundedMemory(`${statementOpen}<Ntry><NtryRef>`, 'A', /longer than \d+ characters/);
  });
  test('an endless attribute value', async () => {
    await expectRefusedWithBoundedMemory('<?xml version="1.0"?><Document xmlns="', 'x', /longer than \d+ characters/);
  });
  test('an endless comment and an endless CDATA section', async () => {
    await expectRefusedWithBoundedMemory(`${statementOpen}<!--`, '-x', /longer than \d+ characters/);
    await expectRefusedWithBoundedMemory(
      `${statementOpen}<Ntry><NtryRef><![CDATA[`,
      ']x',
      /longer than \d+ characters/,
    );
  });
  test('an element with more attributes than any bank file has', async () => {
    const attributes = Array.from({ length: 100 }, (_, index) => `a${index}="1"`).join(' ');
    await expect(drain(bytes(`<Document ${attributes}/>`))).rejects.toThrow(/more than 32 attributes on one element/);
  });
  test('a file over the configured size is refused before parsing (path) or when the limit is crossed (stream)', async () => {
    const file = `${corpus}iso20022/camt.053/camtparser__valid_example_v4.xml`;
    await expect(drain(file, { fileBytesMax: 1000 })).rejects.toThrow(
      /hostile\.xml: file larger than the limit of 1000 bytes/,
    );
    const { chunks, pulled } = hostileStream(statementOpen, '<!-- padding -->', 1024 * megabyte);
    await expect(drain(chunks, { fileBytesMax: 5 * megabyte })).rejects.toThrow(/larger than the limit/);
    expect(pulled.bytes).toBeLessThan(6 * megabyte);
  });
});

describe('broken files get a one-line reason with file and position', () => {
  for (const row of [
    {
      name: 'mismatched tags',
      document: `${statementOpen}</Document>`,
      reason: /^hostile\.xml:1:\d+: malformed XML: /,
    },
    { name: 'truncated file', document: statementOpen, reason: /malformed XML: / },
    { name: 'text after the root', document: `${statementOpen}${statementClose}<x/>`, reason: /malformed XML: / },
    { name: 'empty file', document: '  \n ', reason: /^hostile\.xml: empty file$/ },
    {
      name: 'impossible booking date 2024-02-30',
      document: `${statementOpen}${entry('1.00', '2024-02-30')}${statementClose}`,
      reason: /impossible or malformed booking date "2024-02-30"/,
    },
    {
      name: 'decimal comma in an amount',
      document: `${statementOpen}${entry('12,50')}${statementClose}`,
      reason: /malformed entry amount "12,50"/,
    },
    {
      name: 'signed amount',
      document: `${statementOpen}${entry('-5.00')}${statementClose}`,
      reason: /malformed entry amount "-5.00"/,
    },
    {
      name: 'entry without CdtDbtInd',
      document: `${statementOpen}<Ntry><Amt Ccy="EUR">1.00</Amt></Ntry>${statementClose}`,
      reason: /entry without a valid CdtDbtInd/,
    },
    {
      name: 'an unknown encoding',
      document: '<?xml version="1.0" encoding="x-klingon"?><Document/>',
      reason: /unsupported encoding "x-klingon"/,
    },
    {
      name: 'not a statement (a pain.001 message)',
      document: '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>',
      reason: /not a bank statement or payment status report: <CstmrCdtTrfInitn>/,
    },
    {
      name: 'no message at all',
      document: '<Document></Document>',
      reason: /no camt.052, camt.053, camt.054 or pain.002/,
    },
  ]) {
    test(`${row.name} → ${row.reason}`, async () => {
      const error = await drain(bytes(row.document)).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StatementError);
      const message = (error as StatementError).message;
      expect(message).toMatch(row.reason);
      expect(message).not.toContain('\n');
    });
  }
  test('a missing file is a StatementError, not a crash', async () => {
    await expect(drain(`${corpus}no-such-file.xml`)).rejects.toThrow(/cannot read the file \(ENOENT\)/);
  });
  test('a real pain.001 from the corpus is refused as not a statement', async () => {
    await expect(drain(`${corpus}iso20022/pain.001/nivaes__pain.001.001.03.xml`)).rejects.toThrow(
      /not a bank statement/,
    );
  });
});
