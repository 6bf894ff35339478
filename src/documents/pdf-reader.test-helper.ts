import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading to check a certificate pdfkit wrote: the streams (inflated), the embedded fonts'
 * descriptors, the text (through each font's ToUnicode map), link URIs and the filled squares of the QR code.
 * Not a general PDF parser: it reads the structure pdfkit writes.
 */
export type PdfReading = {
  readonly text: string;
  readonly fontNames: string[];
  readonly embeddedFontFiles: number;
  readonly uris: string[];
  /** Squares of the given side drawn with `re`, as [x, y] of their corner. */
  squares(side: number): [number, number][];
};

export function readPdf(pdf: Uint8Array): PdfReading {
  const raw = Buffer.from(pdf).toString('latin1');
  const streams: string[] = [];
  const streamPattern = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g;
  for (let match = streamPattern.exec(raw); match; match = streamPattern.exec(raw)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    const body = Buffer.from(raw.slice(start, end), 'latin1');
    const dictionary = match[1]!;
    try {
      streams.push((/FlateDecode/.test(dictionary) ? inflateSync(body) : body).toString('latin1'));
    } catch {
      streams.push('');
    }
  }
  const toUnicode = new Map<number, string>();
  for (const stream of streams.filter((s) => s.includes('beginbfrange'))) {
    for (const range of stream.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const start = Number.parseInt(range[1]!, 16);
      const targets = [...range[3]!.matchAll(/<([0-9a-f ]+)>/gi)].map((target) =>
        String.fromCharCode(...target[1]!.split(' ').map((hex) => Number.parseInt(hex, 16))),
      );
      for (const [index, target] of targets.entries()) toUnicode.set(start + index, target);
    }
  }
  const pieces: string[] = [];
  const squares: [number, number, number, number][] = [];
  for (const stream of streams.filter((s) => /\bTJ\b|\bre\b/.test(s) && !s.includes('begincmap'))) {
    for (const array of stream.matchAll(/\[((?:<[0-9a-f]*>|[\s\d.-])*)\]\s*TJ/gi)) {
      let line = '';
      for (const hex of array[1]!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let index = 0; index < hex[1]!.length; index += 4) {
          line += toUnicode.get(Number.parseInt(hex[1]!.slice(index, index + 4), 16)) ?? '\uFFFD';
        }
      }
      pieces.push(line);
    }
    for (const re of stream.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)) {
      squares.push([Number(re[1]), Number(re[2]), Number(re[3]), Number(re[4])]);
    }
  }
  return {
    text: pieces.join('\n'),
    fontNames: [...raw.matchAll(/\/FontName \/([A-Za-z0-9+_-]+)/g)].map((match) => match[1]!),
    embeddedFontFiles: [...raw.matchAll(/\/FontFile[23]? \d+ 0 R/g)].length,
    uris: [...raw.matchAll(/\/URI \(((?:\\.|[^)])*)\)/g)].map((match) => match[1]!.replace(/\\(.)/g, '$1')),
    squares: (side) => squares.filter(([, , w, h]) => w === side && h === side).map(([x, y]) => [x, y]),
  };
}
