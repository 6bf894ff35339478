import { createHash } from 'node:crypto';
import { reportAttachmentBytesMax } from './report-limits.ts';

/**
 * Attachments stop at the edge: a file is accepted only when its first bytes say it is a PDF, a JPEG or a PNG
 * (whatever its name or declared type claims), it is not empty and not larger than the limit. Nothing else is
 * ever stored or served back.
 */
export type AttachmentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

const signatures: readonly { readonly mediaType: AttachmentMediaType; readonly bytes: readonly number[] }[] = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The type the file's magic bytes declare, or undefined for anything else. */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | undefined {
  return signatures.find((signature) => signature.bytes.every((byte, index) => bytes[index] === byte))?.mediaType;
}

export type AttachmentInput = {
  readonly fileName: string;
  readonly mediaType?: string | undefined;
  readonly contentBase64: string;
};

export type CheckedAttachment = {
  readonly fileName: string;
  readonly mediaType: AttachmentMediaType;
  readonly content: Uint8Array;
  readonly sha256: string;
};

export type AttachmentCheck =
  | { readonly result: 'accepted'; readonly attachment: CheckedAttachment }
  | {
      readonly result:
        | 'attachment_not_base64'
        | 'attachment_empty'
        | 'attachment_too_large'
        | 'attachment_type_refused';
    };

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

export function checkAttachment(input: AttachmentInput, bytesMax = reportAttachmentBytesMax): AttachmentCheck {
  const text = input.contentBase64;
  if (text.length % 4 !== 0) return { result: 'attachment_not_base64' };
  // Decoded size from the text's length, before reading or decoding anything large.
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const size = (text.length / 4) * 3 - padding;
  if (size > bytesMax) return { result: 'attachment_too_large' };
  if (!base64Pattern.test(text)) return { result: 'attachment_not_base64' };
  if (size <= 0) return { result: 'attachment_empty' };
  const content = new Uint8Array(Buffer.from(text, 'base64'));
  const mediaType = sniffMediaType(content);
  if (!mediaType) return { result: 'attachment_type_refused' };
  if (input.mediaType !== undefined && input.mediaType !== mediaType) return { result: 'attachment_type_refused' };
  return {
    result: 'accepted',
    attachment: {
      fileName: input.fileName.normalize('NFC'),
      mediaType,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    },
  };
}
