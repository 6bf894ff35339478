import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

/** A message written to a temporary file as it arrived, with what was computed along the way. */
export type SpooledMessage = {
  readonly path: string;
  readonly sha256: string;
  readonly byteCount: number;
  /** HMAC-SHA256 of `hmacPrefix` followed by the bytes, when a key was given (the inbound channel's signature). */
  readonly hmac: string | null;
  remove(): Promise<void>;
};

export type SpoolResult =
  | { readonly kind: 'spooled'; readonly message: SpooledMessage }
  | { readonly kind: 'too_large'; readonly bytesMax: number };

/**
 * Streams a message body to a temporary file, hashing it as it goes, and stops at `bytesMax`: memory stays
 * bounded whatever the sender sends, and the message's hash is known before a byte of it is parsed (the
 * duplicate rule needs it first). With `hmacKey` it also computes the signature over `hmacPrefix` + body.
 */
export async function spoolMessage(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: {
    readonly bytesMax: number;
    readonly folder?: string;
    readonly hmacKey?: Buffer;
    readonly hmacPrefix?: string;
  },
): Promise<SpoolResult> {
  const folder = options.folder ?? join(tmpdir(), 'hado-spool');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, `${Date.now()}-${randomBytes(8).toString('hex')}.msg`);
  const out = createWriteStream(path, { mode: 0o600 });
  const hash = createHash('sha256');
  const hmac = options.hmacKey ? createHmac('sha256', options.hmacKey).update(options.hmacPrefix ?? '') : null;
  let byteCount = 0;
  const remove = () => rm(path, { force: true });
  try {
    for await (const chunk of body) {
      byteCount += chunk.length;
      if (byteCount > options.bytesMax) {
        out.destroy();
        await remove();
        return { kind: 'too_large', bytesMax: options.bytesMax };
      }
      hash.update(chunk);
      hmac?.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    await remove();
    throw error;
  }
  return {
    kind: 'spooled',
    message: { path, sha256: hash.digest('hex'), byteCount, hmac: hmac ? hmac.digest('hex') : null, remove },
  };
}

/** The SHA-256 and size of a file, streamed (a 1 GB statement hashes in about a second). */
export async function hashFile(path: string): Promise<{ sha256: string; byteCount: number }> {
  const hash = createHash('sha256');
  let byteCount = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    byteCount += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), byteCount };
}
