// Specifies attachments at the edge: PDF, JPEG and PNG by their magic bytes only, whatever the name or the
// declared type says; empty, oversized and non-base64 content refused before anything is stored.
import { describe, expect, test } from 'vitest';
import { checkAttachment, sniffMediaType } from './attachment.ts';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');
const html = Buffer.from('<html><script>alert(1)</script></html>');

describe('magic bytes', () => {
  for (const [name, bytes, expected] of [
    ['PDF', pdf, 'application/pdf'],
    ['JPEG', jpeg, 'image/jpeg'],
    ['PNG', png, 'image/png'],
    ['a Windows executable', exe, undefined],
    ['HTML', html, undefined],
    ['a truncated PNG signature', png.subarray(0, 4), undefined],
  ] as const) {
    test(`${name} → ${expected ?? 'refused'}`, () => {
      expect(sniffMediaType(bytes)).toBe(expected);
    });
  }
});

describe('checking an attachment', () => {
  test('accepted with its detected type and hash', () => {
    const checked = checkAttachment({ fileName: 'invoice.pdf', contentBase64: pdf.toString('base64') });
    expect(checked.result).toBe('accepted');
    if (checked.result === 'accepted') {
      expect(checked.attachment.mediaType).toBe('application/pdf');
      expect(checked.attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
  for (const row of [
    {
      name: 'an executable named .pdf',
      input: { fileName: 'invoice.pdf', contentBase64: exe.toString('base64') },
      expected: 'attachment_type_refused',
    },
    {
      name: 'a PNG declared as a PDF',
      input: { fileName: 'a.pdf', mediaType: 'application/pdf', contentBase64: png.toString('base64') },
      expected: 'attachment_type_refused',
    },
    { name: 'not base64', input: { fileName: 'a.pdf', contentBase64: 'JVBER%%%' }, expected: 'attachment_not_base64' },
    { name: 'empty', input: { fileName: 'a.pdf', contentBase64: '' }, expected: 'attachment_empty' },
  ]) {
    test(`${row.name} → ${row.expected}`, () => {
      expect(checkAttachment(row.input).result).toBe(row.expected);
    });
  }
  test('too large is refused from the length alone', () => {
    const big = Buffer.concat([pdf, Buffer.alloc(100)]).toString('base64');
    expect(checkAttachment({ fileName: 'a.pdf', contentBase64: big }, 64).result).toBe('attachment_too_large');
  });
});
