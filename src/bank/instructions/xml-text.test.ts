// Specifies how free text is made fit for a bank message: cleaned of what XML and banks cannot carry, cut to the
// XSD's length in characters without splitting one, and escaped.
import { describe, expect, test } from 'vitest';
import { AssertionError } from '../../kernel/assert.ts';
import { cleanText, escapeXml, truncateText } from './xml-text.ts';

describe('cleanText', () => {
  for (const row of [
    { text: '  (주)한빛건설  ', expected: '(주)한빛건설' },
    { text: '3월\n기성금\t지급', expected: '3월 기성금 지급' },
    { text: 'a\u0000b\u0007c\u007Fd\u0085e', expected: 'a b c d e' },
    { text: 'lone \uD800 surrogate', expected: 'lone surrogate' },
    { text: 'non\uFFFEcharacter', expected: 'non character' },
    // 한 written as separate jamo (NFD) becomes the one syllable a bank counts.
    { text: '\u1112\u1161\u11AB', expected: '한' },
    { text: 'emoji 👷 stays', expected: 'emoji 👷 stays' },
    { text: ' \r\n ', expected: '' },
  ]) {
    test(`${JSON.stringify(row.text)} → ${JSON.stringify(row.expected)}`, () => {
      expect(cleanText(row.text)).toBe(row.expected);
    });
  }
});

describe('truncateText', () => {
  for (const row of [
    { name: 'short text is unchanged', text: '기성금', max: 140, expected: '기성금' },
    { name: 'exactly the limit is unchanged', text: '가'.repeat(140), max: 140, expected: '가'.repeat(140) },
    { name: 'Hangul is cut by syllables', text: '가'.repeat(141), max: 140, expected: '가'.repeat(140) },
    // A UTF-16 slice would count 😀 as two and cut it in half; the XSD counts it as one character.
    { name: 'characters are code points, not UTF-16 units', text: 'ab😀c', max: 3, expected: 'ab😀' },
    { name: 'a pair that fits is kept', text: 'a😀b', max: 2, expected: 'a😀' },
    { name: 'an emoji sequence goes whole', text: 'a👷‍♀️', max: 3, expected: 'a' },
    { name: 'a letter with a combining mark goes whole', text: 'ae\u0301', max: 2, expected: 'a' },
    { name: 'a trailing space left by the cut is dropped', text: 'ab cd', max: 3, expected: 'ab' },
  ]) {
    test(row.name, () => {
      const result = truncateText(row.text, row.max);
      expect(result).toBe(row.expected);
      expect([...result].length).toBeLessThanOrEqual(row.max);
    });
  }

  test('a length below one is a programmer error', () => {
    expect(() => truncateText('x', 0)).toThrow(AssertionError);
  });
});

test('escapeXml escapes the characters XML gives meaning to, and nothing else', () => {
  expect(escapeXml(`a & b < c > d "e" 'f' 한`)).toBe(`a &amp; b &lt; c &gt; d &quot;e&quot; 'f' 한`);
  expect(escapeXml(']]>')).toBe(']]&gt;');
});
