// Specifies the payment verification certificate: a PDF with an embedded Korean font, the claim's facts and no
// personal data, a QR code that is the verification URL, and a public verification that tells a genuine
// certificate from a forged one and from one whose records changed since it was issued.
import QRCode from 'qrcode';
import { beforeAll, describe, expect, test } from 'vitest';
import { describeEachEngine } from '../db/test-engines.ts';
import { createTestApp, type TestApp, type TestClient } from '../http/test-app.ts';
import { qrModulePoints } from './certificate-pdf.ts';
import { type PdfReading, readPdf } from './pdf-reader.test-helper.ts';

type Claim = { id: string; status: string; sequence: number; totalWon: string };

/** The token of the verification URL a certificate carries (its link), checked against its QR code. */
function verificationUrlOf(pdf: PdfReading): string {
  const urls = [...new Set(pdf.uris)];
  expect(urls).toHaveLength(1);
  return urls[0]!;
}

/** The QR code drawn in the PDF, read back module by module from its squares. */
function drawnModules(pdf: PdfReading): boolean[][] {
  const squares = pdf.squares(qrModulePoints);
  const xs = squares.map(([x]) => x);
  const ys = squares.map(([, y]) => y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  const size = Math.round((Math.max(...xs) - left) / qrModulePoints) + 1;
  const grid = Array.from({ length: size }, () => Array.from({ length: size }, () => false));
  for (const [x, y] of squares)
    grid[Math.round((y - top) / qrModulePoints)]![Math.round((x - left) / qrModulePoints)] = true;
  return grid;
}

function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, r) =>
    Array.from({ length: modules.size }, (_, c) => Boolean(modules.get(r, c))),
  );
}

describeEachEngine('payment verification certificate', ({ handle }) => {
  let hado: TestApp;
  let official: TestClient;
  let claims: Claim[];
  beforeAll(async () => {
    hado = await createTestApp(handle());
    official = await hado.as('official');
    claims = (await official.get('/api/v1/claims')).json().items;
  }, 120_000);

  const certificate = async (client: TestClient, claimId: string, query = '') => {
    const response = await client.get(`/api/v1/claims/${claimId}/certificate${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    return readPdf(response.rawPayload);
  };
  const verify = async (token: string) => {
    const response = await hado.anonymous().get(`/api/v1/public/certificates/${encodeURIComponent(token)}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const tokenOf = (url: string) => url.split('/verify/')[1]!;

  test('a PDF with the Korean font embedded, the claim facts, and no worker names, phones or accounts', async () => {
    const claim = claims.find((c) => c.status === 'paid')!;
    const pdf = await certificate(official, claim.id);
    expect(pdf.fontNames.some((name) => /^[A-Z]{6}\+NotoSansCJKkr-Regular$/.test(name))).toBe(true);
    expect(pdf.embeddedFontFiles).toBeGreaterThan(0);
    expect(pdf.text).not.toContain('\uFFFD');
    expect(pdf.text).toContain('대금 지급 확인서');
    expect(pdf.text).toContain('SMC-2026-0142');
    expect(pdf.text).toContain(`₩${BigInt(claim.totalWon).toLocaleString('en-US')}`);
    expect(pdf.text).toContain(`${claim.sequence}회차 기성`);
    const firms = await handle().db.selectFrom('firms').select('name').execute();
    expect(firms.filter(({ name }) => pdf.text.includes(name)).length).toBeGreaterThan(3);
    expect(pdf.text).toMatch(/근로자 \d+명/);
    const workers = await handle().db.selectFrom('workers').select(['name', 'phone_e164']).execute();
    const accounts = await handle().db.selectFrom('payee_accounts').select('account_number').execute();
    for (const worker of workers) {
      if (worker.name) expect(pdf.text).not.toContain(worker.name);
      if (worker.phone_e164) expect(pdf.text).not.toContain(worker.phone_e164.slice(3));
    }
    for (const { account_number } of accounts) expect(pdf.text.replaceAll('-', '')).not.toContain(account_number);
  });

  test('the QR code is the verification URL, and that URL verifies as valid with the same facts', async () => {
    const claim = claims.find((c) => c.status === 'paid')!;
    const pdf = await certificate(official, claim.id);
    const url = verificationUrlOf(pdf);
    expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/verify\/[0-9]+\.a\.[0-9a-z]+\.[0-9a-f]{32}\.[A-Za-z0-9_-]{22}$/);
    expect(drawnModules(pdf)).toEqual(qrModules(url));
    const answer = await verify(tokenOf(url));
    expect(answer.result).toBe('valid');
    expect(answer.certificate.claimId).toBe(claim.id);
    expect(answer.certificate.claim.totalWon).toBe(claim.totalWon);
    expect(answer.certificate.contract.number).toBe('SMC-2026-0142');
    expect(pdf.text).toContain(answer.certificate.contentHash);
    // The public answer names firms and counts workers, never a worker.
    const body = JSON.stringify(answer);
    const workers = await handle().db.selectFrom('workers').select('name').execute();
    for (const worker of workers) if (worker.name) expect(body).not.toContain(worker.name);
  });

  test('a forged or altered token is invalid', async () => {
    const claim = claims.find((c) => c.status === 'paid')!;
    const token = tokenOf(verificationUrlOf(await certificate(official, claim.id)));
    const [claimId, scope, issued, hash, mac] = token.split('.') as [string, string, string, string, string];
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('0') ? '1' : '0'}`;
    for (const forged of [
      [String(Number(claimId) + 1), scope, issued, hash, mac],
      [claimId, 'f1', issued, hash, mac],
      [claimId, scope, flip(issued), hash, mac],
      [claimId, scope, issued, flip(hash), mac],
      [claimId, scope, issued, hash, flip(mac)],
      [claimId, scope, issued, hash],
    ]) {
      expect((await verify(forged.join('.'))).result, forged.join('.')).toBe('invalid');
    }
    expect((await verify('nonsense')).certificate).toBeNull();
  });

  test("a subcontractor's certificate covers its own lines only", async () => {
    const claim = claims.find((c) => c.status === 'paid')!;
    const sub = await hado.as('sub-tile');
    const pdf = await certificate(sub, claim.id);
    const answer = await verify(tokenOf(verificationUrlOf(pdf)));
    expect(answer.result).toBe('valid');
    expect(answer.certificate.scope).toBe('payee');
    expect(answer.certificate.lines.map((line: { name: string }) => line.name)).toEqual(['(주)동방타일']);
    expect(pdf.text).not.toContain('세진인테리어');
  });

  test('English with the locale', async () => {
    const claim = claims.find((c) => c.status === 'paid')!;
    const pdf = await certificate(official, claim.id, '?locale=en');
    expect(pdf.text).toContain('Payment verification certificate');
    expect(pdf.text).toContain('Progress claim no.');
  });

  test('when a payment is recorded after issue, the certificate is reported as changed, with the records now', async () => {
    const obligations = (await official.get('/api/v1/obligations?limit=200')).json().items as {
      id: string;
      claimId: string;
      outstandingWon: string;
      status: string;
    }[];
    const owed = obligations.find(
      (o) =>
        o.outstandingWon !== '0' && o.status === 'open' && claims.find((c) => c.id === o.claimId)?.status === 'paid',
    );
    expect(owed).toBeDefined();
    const token = tokenOf(verificationUrlOf(await certificate(official, owed!.claimId)));
    expect((await verify(token)).result).toBe('valid');
    const paid = await hado.admin().post(`/api/v1/claims/${owed!.claimId}/transfers`, {
      executedOn: '2026-12-01',
      transfers: [{ obligationId: owed!.id, amountWon: owed!.outstandingWon }],
    });
    expect(paid.statusCode, paid.body).toBeLessThan(300);
    const answer = await verify(token);
    expect(answer.result).toBe('changed');
    expect(answer.certificate.totals.outstandingWon).toBe('0');
  });

  describe('refusals', () => {
    test('a claim not yet paid, and a claim the caller cannot see', async () => {
      const unpaid = claims.find((c) => c.status !== 'paid')!;
      const response = await official.get(`/api/v1/claims/${unpaid.id}/certificate`);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('claim_not_paid');
      const hidden = await (await hado.as('supplier-cement')).get('/api/v1/claims/999999/certificate');
      expect(hidden.statusCode).toBe(404);
    });

    test('no Korean font: a refusal saying what to install, never a PDF with missing glyphs', async () => {
      const claim = claims.find((c) => c.status === 'paid')!;
      const saved = process.env.HADO_PDF_FONT;
      try {
        process.env.HADO_PDF_FONT = '/nonexistent/font.ttc';
        const missing = await official.get(`/api/v1/claims/${claim.id}/certificate`);
        expect(missing.statusCode).toBe(503);
        expect(missing.json().error.code).toBe('pdf_font_missing');
        expect(missing.json().error.message).toContain('fonts-noto-cjk');
        // A font without Hangul (DejaVu, on every Debian) is refused too.
        process.env.HADO_PDF_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
        const latin = await official.get(`/api/v1/claims/${claim.id}/certificate`);
        expect(latin.statusCode).toBe(503);
        expect(latin.json().error.message).toMatch(/no glyph for/);
      } finally {
        if (saved === undefined) delete process.env.HADO_PDF_FONT;
        else process.env.HADO_PDF_FONT = saved;
      }
    });
  });
});
