import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { statementFileBytesMax } from '../../kernel/limits.ts';
import type { StatementEvent } from './bank-movement.ts';
import { Iso20022Reader } from './iso20022-reader.ts';
import { Mt940Reader } from './mt940-reader.ts';
import { StatementError } from './statement-error.ts';

/** A bank file: a path (or file URL), or bytes from a stream. */
export type StatementSource = string | URL | AsyncIterable<Uint8Array>;

/** Limits of one read. */
export type ReadStatementOptions = {
  /** Names the file in messages; defaults to the path's base name, or `statement` for a stream. */
  readonly name?: string;
  /**
   * Refuse a file larger than this. Defaults to `statementFileBytesMax` (what the server accepts); the CLI
   * streams files of any size and passes `Infinity`.
   */
  readonly fileBytesMax?: number;
  /** Nesting depth and text node size for XML; default to `xmlDepthMax` and `xmlTextBytesMax`. */
  readonly xmlDepthMax?: number;
  readonly xmlTextCharsMax?: number;
};

/** How many leading bytes are enough to see a BOM and the XML declaration. */
const sniffBytes = 1024;
const readChunkBytes = 256 * 1024;
/**
 * Bytes parsed at a time. The text decoded from them stays a young, short-lived string: a whole read chunk
 * (up to 512 KB as UTF-16) would be allocated among V8's large objects, which only a full collection frees.
 */
const parseBytesMax = 16 * 1024;

/**
 * Reads a bank file of any supported format (camt.052/053/054, pain.002, MT940/MT942) as a stream of
 * events in document order, each yielded as soon as it is complete: only the current entry is held in
 * memory. XML is decoded in the encoding its declaration names (or its BOM); MT files line by line.
 * A bad file ends the iteration with a `StatementError`.
 *
 * One event at a time costs a promise per event; consumers of large files use `readStatementBatches`.
 */
export async function* readStatement(
  source: StatementSource,
  options: ReadStatementOptions = {},
): AsyncGenerator<StatementEvent, void, undefined> {
  for await (const batch of readStatementBatches(source, options)) {
    for (const event of batch) yield event;
  }
}

/**
 * `readStatement` in batches: the same events in the same order, one array for each piece of the file parsed
 * (`parseBytesMax`, a few dozen entries), never empty. A batch belongs to the consumer.
 */
export async function* readStatementBatches(
  source: StatementSource,
  options: ReadStatementOptions = {},
): AsyncGenerator<readonly StatementEvent[], void, undefined> {
  const path = typeof source === 'string' ? source : source instanceof URL ? fileURLToPath(source) : null;
  const file = options.name ?? (path === null ? 'statement' : basename(path));
  const bytesMax = options.fileBytesMax ?? statementFileBytesMax;
  const tooLarge = () => new StatementError({ file }, `file larger than the limit of ${bytesMax} bytes`);
  let chunks: AsyncIterable<Uint8Array>;
  if (path !== null) {
    const size = await stat(path).then(
      (stats) => stats.size,
      (error: NodeJS.ErrnoException) => {
        throw new StatementError({ file }, `cannot read the file (${error.code ?? error.message})`);
      },
    );
    // Refused before a byte is parsed: the size is known up front for a file.
    if (size > bytesMax) throw tooLarge();
    chunks = createReadStream(path, { highWaterMark: readChunkBytes });
  } else {
    chunks = source as AsyncIterable<Uint8Array>;
  }

  const iterator = chunks[Symbol.asyncIterator]();
  let total = 0;
  const next = async (): Promise<Uint8Array | null> => {
    let result: IteratorResult<Uint8Array>;
    try {
      result = await iterator.next();
    } catch (error) {
      throw new StatementError({ file }, `cannot read the file (${(error as Error).message})`);
    }
    if (result.done) return null;
    total += result.value.length;
    if (total > bytesMax) throw tooLarge();
    return result.value;
  };

  try {
    // Only as much as it takes to see the BOM and the XML declaration is read before parsing starts, so a
    // small first chunk is parsed (and its events yielded) as soon as it arrives.
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let first = Buffer.alloc(0);
    while (headBytes < sniffBytes) {
      const chunk = await next();
      if (chunk === null) break;
      head.push(chunk);
      headBytes += chunk.length;
      first = Buffer.concat(head, headBytes);
      const start = firstContentByte(first);
      if (start >= 0 && (first[start] !== 0x3c || first.indexOf(0x3e /* > */, start) >= 0)) break;
    }
    const start = firstContentByte(first);
    if (start < 0) throw new StatementError({ file }, 'empty file');
    const utf16 = (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff);

    const reader = utf16 || first[start] === 0x3c /* < */ ? xmlReader(first, file, options) : mtReader(file);
    for (let chunk: Uint8Array | null = first; chunk !== null; chunk = await next()) {
      // Read in large pieces, parsed in small ones: each piece's events are handed over before the next is
      // parsed, so they die young instead of piling up in the old generation between full collections.
      for (let start = 0; start < chunk.length; start += parseBytesMax) {
        reader.write(chunk.subarray(start, start + parseBytesMax));
        const batch = reader.take();
        if (batch.length > 0) yield batch;
      }
    }
    reader.close();
    const batch = reader.take();
    if (batch.length > 0) yield batch;
  } finally {
    await iterator.return?.();
  }
}

/** A format reader fed raw bytes: XML is decoded first, MT940 is read as bytes. */
type ByteReader = { write(chunk: Uint8Array): void; close(): void; take(): StatementEvent[] };

function xmlReader(head: Uint8Array, file: string, options: ReadStatementOptions): ByteReader {
  const decoder = iconv.getDecoder(sniffXmlEncoding(head, file), { stripBOM: true });
  const reader = new Iso20022Reader({
    file,
    ...(options.xmlDepthMax === undefined ? {} : { depthMax: options.xmlDepthMax }),
    ...(options.xmlTextCharsMax === undefined ? {} : { textCharsMax: options.xmlTextCharsMax }),
  });
  return {
    write: (chunk) => reader.write(decoder.write(chunk as Buffer)),
    close: () => {
      const rest = decoder.end();
      if (rest) reader.write(rest);
      reader.close();
    },
    take: () => reader.take(),
  };
}

function mtReader(file: string): ByteReader {
  const reader = new Mt940Reader({ file });
  return { write: (chunk) => reader.write(chunk), close: () => reader.close(), take: () => reader.take() };
}

/** The first byte after a UTF-8 BOM and white space, or -1 when there is none. */
function firstContentByte(bytes: Uint8Array): number {
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes[0] === 0xff || bytes[0] === 0xfe) return bytes.length > 2 ? 0 : -1;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return index;
    index += 1;
  }
  return -1;
}

const declarationPattern = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/**
 * The encoding to decode an XML file with: its BOM when it has one, else its declaration's `encoding`,
 * else UTF-8 (the XML default). An encoding iconv-lite does not know is refused rather than guessed.
 */
export function sniffXmlEncoding(head: Uint8Array, file = 'statement'): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const ascii = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, sniffBytes)).toString('latin1');
  const declared = declarationPattern.exec(ascii)?.[1];
  if (declared === undefined) return 'utf-8';
  if (!iconv.encodingExists(declared)) {
    throw new StatementError({ file, line: 1 }, `unsupported encoding "${declared}" in the XML declaration`);
  }
  return declared;
}
