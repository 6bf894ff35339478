// Specifies the banks' inbound channel: a bank signs each message with its own key; a good signature is
// accepted once (the same message again is `exists`), and a bad, replayed, old or unsigned request is refused
// with nothing written. Also the admin route behind `hado statement ingest` and the body limit.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeEachEngine } from '../../db/test-engines.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { bankSignatureSkewMsMax } from '../../kernel/limits.ts';
import { spoolMessage } from '../ingest/spool-message.ts';
import { signBankRequest } from './signature.ts';

process.env.HADO_BANK_KEY_SECRET ??= 'test-bank-key-master-0123456789abcdef';

const camt054 = (reference: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>${reference}</MsgId><CreDtTm>2026-03-09T10:00:00+09:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>${reference}</Id><CreDtTm>2026-03-09T10:00:00+09:00</CreDtTm>
    <Acct><Id><Othr><Id>11122233344455</Id></Othr></Id></Acct>
    <Ntry><Amt Ccy="KRW">1000</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-03-09</Dt></BookgDt><AcctSvcrRef>${reference}</AcctSvcrRef></Ntry>
  </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;

describeEachEngine('bank inbound channel', ({ handle }) => {
  let hado: TestApp;
  let key: { keyId: string; secret: string };
  const post = (body: string, headers: Record<string, string>) =>
    hado.app.inject({
      method: 'POST',
      url: '/api/v1/bank/messages',
      headers: { 'content-type': 'application/xml', ...headers },
      payload: body,
    });
  const count = async (table: 'bank_messages' | 'bank_movements') =>
    Number(
      (
        await handle()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  beforeAll(async () => {
    hado = await createTestApp(handle(), { demo: false });
    const issued = await hado.admin().post('/api/v1/admin/bank-keys', { bankCode: '004' });
    expect(issued.statusCode).toBe(201);
    key = issued.json();
    expect(key.keyId).toMatch(/^bk_004_/);
  });
  afterAll(() => hado.close());

  test('the key is stored hashed: its secret is nowhere in the table', async () => {
    const rows = await handle().db.selectFrom('bank_api_keys').selectAll().execute();
    expect(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(key.secret);
  });

  test('a signed message is accepted once; the same message signed again is `exists`', async () => {
    const body = camt054('CH-1');
    const first = await post(body, signBankRequest(key, body, new Date()));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ result: 'ingested', movements: 1, new: 1, exceptions: 1 });
    const again = await post(body, signBankRequest(key, body, new Date(Date.now() + 1000)));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ result: 'exists', messageId: first.json().messageId });
  });

  for (const row of [
    { name: 'no signature', headers: () => ({}), code: 'signature_missing' },
    {
      name: 'a signature over another body',
      headers: () => signBankRequest(key, camt054('OTHER'), new Date()),
      code: 'signature_invalid',
    },
    {
      name: 'a timestamp outside the window',
      headers: (body: string) => signBankRequest(key, body, new Date(Date.now() - bankSignatureSkewMsMax - 60_000)),
      code: 'signature_expired',
    },
    {
      name: 'an unknown key',
      headers: (body: string) => signBankRequest({ keyId: 'bk_004_unknownkey', secret: key.secret }, body, new Date()),
      code: 'unknown_key',
    },
    {
      name: 'the wrong secret',
      headers: (body: string) => signBankRequest({ keyId: key.keyId, secret: 'not-the-secret' }, body, new Date()),
      code: 'signature_invalid',
    },
    {
      name: 'malformed headers',
      headers: () => ({ 'x-hado-key-id': key.keyId, 'x-hado-timestamp': 'yesterday', 'x-hado-signature': 'zz' }),
      code: 'signature_malformed',
    },
  ]) {
    test(`${row.name} is refused (401 ${row.code}) and nothing is written`, async () => {
      const body = camt054(`REFUSED-${row.code}`);
      const before = [await count('bank_messages'), await count('bank_movements')];
      const response = await post(body, row.headers(body));
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe(row.code);
      expect([await count('bank_messages'), await count('bank_movements')]).toEqual(before);
    });
  }

  test('a replayed request (the very same signature) is refused with nothing written', async () => {
    const body = camt054('REPLAY');
    const headers = signBankRequest(key, body, new Date());
    expect((await post(body, headers)).statusCode).toBe(201);
    const before = await count('bank_messages');
    const replay = await post(body, headers);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('signature_replayed');
    expect(await count('bank_messages')).toBe(before);
  });

  test('a session caller cannot post bank messages, and the route declares the bank role', async () => {
    const response = await hado.admin().request('POST', '/api/v1/bank/messages', camt054('ADMIN'), {
      'content-type': 'application/xml',
    });
    expect(response.statusCode).toBe(401);
  });

  test('a malformed message is refused (422) and recorded as refused', async () => {
    const body = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Document/>';
    const response = await post(body, signBankRequest(key, body, new Date()));
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('bad_statement');
  });

  test('the admin route ingests a file body (what `hado statement ingest` sends through a server)', async () => {
    const body = camt054('ADMIN-FILE');
    const response = await hado
      .admin()
      .request('POST', '/api/v1/admin/bank/statements?name=notice.xml&bankCode=004', body, {
        'content-type': 'application/octet-stream',
      });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ result: 'ingested', name: 'notice.xml', movements: 1 });
  });
});

describe('message bodies', () => {
  test('a body beyond the limit is refused while it streams, without holding it in memory', async () => {
    const chunk = new Uint8Array(64 * 1024);
    const endless = Readable.from(
      (function* () {
        for (let index = 0; index < 1_000; index += 1) yield chunk;
      })(),
    );
    const result = await spoolMessage(endless, { bytesMax: 1024 * 1024 });
    expect(result).toEqual({ kind: 'too_large', bytesMax: 1024 * 1024 });
  });
});
