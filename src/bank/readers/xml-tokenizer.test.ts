// Specifies that XmlTokenizer reads XML exactly as saxes (a conforming parser, the reference) does: the same
// elements, attributes and text for every corpus file and for thousands of mutated documents, whatever the
// chunking; the same documents refused — except DTDs, which the tokenizer refuses and saxes would read.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, test } from 'vitest';
import { XmlTokenError, XmlTokenizer } from './xml-tokenizer.ts';

const corpus = fileURLToPath(new URL('../../../../shared/corpus/iso20022/', import.meta.url));
const limits = { depthMax: 64, nodeCharsMax: 1024 * 1024, attributesMax: 32 };

type TokenizerRefusal = { readonly refused: XmlTokenError['kind']; readonly reason: string };
type Outcome = { readonly events: readonly string[] } | { readonly refused: 'malformed' | 'dtd' | 'limit' };

/**
 * Where saxes reads what XML 1.0 forbids, the tokenizer follows the specification: a processing instruction
 * target must be followed by white space or `?>` (saxes reads `<?x?y?>` as target `x`).
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const stricterThanSaxes = new Set(['disallowed character in processing instruction name.']);

/** Events as comparable lines; adjacent text pieces are merged, text outside the root element dropped. */
function recorder() {
  const events: string[] = [];
  let text = '';
  let depth = 0;
  const flush = () => {
    if (text !== '' && depth > 0) events.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  return {
    events,
    open(name: string, attributes: readonly (readonly [string, string])[]) {
      flush();
      depth += 1;
      events.push(`open ${name} ${JSON.stringify(attributes)}`);
    },
    close() {
      flush();
      depth -= 1;
      events.push('close');
    },
    text(piece: string) {
      text += piece;
    },
    end() {
      flush();
    },
  };
}

function withTokenizer(document: string, splits: readonly number[]): Outcome | TokenizerRefusal {
  const record = recorder();
  const tokenizer: XmlTokenizer = new XmlTokenizer(
    {
      openTag(name) {
        const attributes: [string, string][] = [];
        for (let index = 0; index < tokenizer.attributeCount; index += 1) {
          attributes.push([tokenizer.attributeNames[index]!, tokenizer.attributeValues[index]!]);
        }
        record.open(name, attributes);
        tokenizer.captureText = true;
      },
      closeTag() {
        record.close();
        tokenizer.captureText = true;
      },
      text: (text) => record.text(text),
    },
    limits,
  );
  try {
    let from = 0;
    for (const at of [...splits, document.length]) {
      tokenizer.write(document.slice(from, at));
      from = at;
    }
    tokenizer.close();
  } catch (error) {
    if (error instanceof XmlTokenError) return { refused: error.kind, reason: error.reason };
    throw error;
  }
  record.end();
  return { events: record.events };
}

function withSaxes(document: string): Outcome {
  const record = recorder();
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    record.open(
      tag.name,
      Object.entries(tag.attributes as Record<string, string>).map(([name, value]) => [name, value] as const),
    );
    if (tag.isSelfClosing) record.close();
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) record.close();
  });
  parser.on('text', (text) => record.text(text));
  parser.on('cdata', (text) => record.text(text));
  let doctype = false;
  parser.on('doctype', () => {
    doctype = true;
  });
  try {
    parser.write(document).close();
  } catch {
    return { refused: 'malformed' };
  }
  record.end();
  return doctype ? { refused: 'dtd' } : { events: record.events };
}

/** Split points for a document: none, every few characters, and a few arbitrary ones. */
function splitsOf(length: number, seed: number): number[][] {
  const every = (step: number) =>
    Array.from({ length: Math.floor((length - 1) / step) }, (_, index) => (index + 1) * step);
  const arbitrary = [...new Set([seed % length, (seed * 7) % length, (seed * 13) % length])].sort((a, b) => a - b);
  return [[], every(1), every(5), arbitrary];
}

function expectSameAsSaxes(document: string, seed = 1): void {
  const expected = withSaxes(document);
  for (const splits of splitsOf(document.length, seed)) {
    const actual = withTokenizer(document, splits);
    if ('refused' in actual && actual.refused === 'dtd') {
      // Refused where saxes reads or refuses it: any `<!` followed by a letter is a DTD declaration.
      expect(document).toMatch(/<![A-Za-z]/);
      continue;
    }
    const where = `${JSON.stringify(document)} split at ${splits.length} points`;
    if ('reason' in actual) {
      if ('events' in expected && stricterThanSaxes.has(actual.reason)) continue;
      expect({ refused: actual.refused }, `${where}: ${actual.reason}`).toEqual(expected);
    } else expect(actual, where).toEqual(expected);
  }
}

describe('the corpus reads the same as with saxes', () => {
  for (const family of ['camt.052', 'camt.053', 'camt.054', 'pain.002']) {
    for (const name of readdirSync(`${corpus}${family}`).filter((file) => file.endsWith('.xml'))) {
      test(`${family}/${name}`, () => {
        const document = readFileSync(`${corpus}${family}/${name}`, 'utf8').replace(/^\uFEFF/, '');
        const expected = withSaxes(document);
        expect(expected).toHaveProperty('events');
        expect(withTokenizer(document, [])).toEqual(expected);
        expect(withTokenizer(document, splitsOf(document.length, 4099)[3]!)).toEqual(expected);
        expect(withTokenizer(document, splitsOf(document.length, 4099)[2]!)).toEqual(expected);
      });
    }
  }
});

const sample =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a bank file -->\n' +
  '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" xmlns:x=\'urn:x\'>\r\n' +
  '<Stmt><Id>S&amp;1</Id><Ntry><Amt Ccy="EUR">12.50</Amt><x:Note a="1 &lt; 2" b=\'&#65;&#x42;\'/>' +
  '<Ustrd>Miete\r\nMärz <![CDATA[<raw> & ]]]]> 한글 😀</Ustrd><?pi data?><Empty></Empty></Ntry></Stmt>\n' +
  '</Document>\n';

describe('hand-picked documents read or are refused as with saxes', () => {
  for (const document of [
    sample,
    '<a/>',
    '<a>x</a>',
    '<a b="1" b="2"/>',
    '<a b="1"c="2"/>',
    '<a b=1/>',
    '<a b="<"/>',
    '<a>&unknown;</a>',
    '<a>&#0;</a>',
    '<a>&#xD800;</a>',
    '<a>& b</a>',
    '<a>]]></a>',
    '<a><!-- x -- y --></a>',
    '<a><!-- x ---></a>',
    '<a></b>',
    '<a></a ><b/>',
    '<a></a>trailing',
    '  <a/>  ',
    'x<a/>',
    '<?xml version="1.0"?><a/>',
    ' <?xml version="1.0"?><a/>',
    '<?xml encoding="UTF-8"?><a/>',
    '<?xml version="1.0" standalone="maybe"?><a/>',
    '<a><?xml version="1.0"?></a>',
    '<a><?XmL x?></a>',
    '<![CDATA[x]]><a/>',
    '<a>\u0001</a>',
    '<a>\uFFFE</a>',
    '<a>\uD800</a>',
    '<a>\uDC00x</a>',
    '<é:ü ñ="1">x</é:ü>',
    '<1a/>',
    '<a-b.c_d/>',
    '<a>x\ry\r\nz</a>',
    '<a b=" x\ty\r\nz\n"/>',
    '<!DOCTYPE a><a/>',
    '<a><!ELEMENT a ANY></a>',
    '<a/ >',
    '<a',
    '<a>',
    '<a></a',
    '',
  ]) {
    test(JSON.stringify(document), () => expectSameAsSaxes(document));
  }
});

describe('mutated documents read or are refused as with saxes', () => {
  const alphabet = [...'<>/!?-[]&;#x="\' \n\r\tabAB1.:é한😀'];
  const mutation = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 3 }),
    insert: fc.array(fc.constantFrom(...alphabet, 'CDATA[', '-->', ']]>', '&amp;', '&#65;', '</', '/>'), {
      maxLength: 3,
    }),
  });
  test('random edits of a statement, split at random points', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.nat(), (edits, seed) => {
        let document = sample;
        for (const edit of edits) {
          const at = edit.at % (document.length + 1);
          document = document.slice(0, at) + edit.insert.join('') + document.slice(at + edit.remove);
        }
        // A lone surrogate never comes out of a decoder; saxes reads one, the tokenizer refuses it.
        if (loneSurrogate.test(document)) return;
        expectSameAsSaxes(document, seed);
      }),
      { seed: 20_260_310, numRuns: 3_000 },
    );
  });
});

describe('large nodes arriving in small writes read the same', () => {
  const big = 'x'.repeat(150_000);
  const document = `<a b="${big}"><!--${big}--><c><![CDATA[${big}]]></c><?pi ${big}?><d>${'y&amp;'.repeat(30_000)}</d></a>`;
  for (const step of [7, 997, 65_536]) {
    test(`a document of ${document.length} characters written ${step} at a time`, () => {
      const splits = Array.from({ length: Math.floor((document.length - 1) / step) }, (_, index) => (index + 1) * step);
      expect(withTokenizer(document, splits)).toEqual(withSaxes(document));
    });
  }
});
