import { assert } from '../../kernel/assert.ts';

/**
 * Characters a bank text field cannot carry: C0 and C1 controls (XML 1.0 forbids most of them, and banks refuse
 * line breaks in names), lone surrogates, and the non-characters U+FFFE and U+FFFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly what is removed.
const unwritablePattern = /[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/**
 * Makes free text (a name, a remittance note) fit for a bank message: composed Unicode (NFC, so Hangul written as
 * separate jamo counts one character per syllable, as the bank will count it), controls replaced by spaces, runs
 * of white space collapsed and the ends trimmed. The result may be empty; the caller decides whether that is
 * allowed.
 */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(unwritablePattern, ' ').replace(/\s+/gu, ' ').trim();
}

const graphemes = new Intl.Segmenter('ko', { granularity: 'grapheme' });

/**
 * Cuts text to at most `charactersMax` characters as the XSD counts them (Unicode code points), never inside a
 * user-perceived character: a surrogate pair, an emoji sequence or a syllable with a combining mark stays whole or
 * goes whole.
 */
export function truncateText(text: string, charactersMax: number): string {
  assert(Number.isInteger(charactersMax) && charactersMax > 0, 'truncateText needs a positive length');
  let kept = '';
  let keptLength = 0;
  for (const { segment } of graphemes.segment(text)) {
    const length = [...segment].length;
    if (keptLength + length > charactersMax) break;
    kept += segment;
    keptLength += length;
  }
  // A cut just after a space would leave trailing white space the bank may count or strip; drop it.
  return kept === text ? text : kept.trimEnd();
}

/** Escapes text for an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => xmlEntities[character]!);
}

const xmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
