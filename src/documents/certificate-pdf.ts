import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { type CertificateFacts, type CertificateLine, totalsOf } from './certificate.ts';

/**
 * The certificate as a PDF (A4, one embedded CJK font, subset), with a QR code of the verification URL drawn
 * as vector squares and the same URL as a link. Korean by default, English with the locale.
 */
export type Locale = 'ko' | 'en';

/** Debian's fonts-noto-cjk; HADO_PDF_FONT names another (a .ttc also needs HADO_PDF_FONT_FACE). */
export const defaultFontPath = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const defaultFace = 'NotoSansCJKkr-Regular';

export type PdfFont = { readonly path: string; readonly face: string | undefined };

export type FontLookup =
  | { readonly result: 'found'; readonly font: PdfFont }
  | { readonly result: 'missing'; readonly detail: string };

export function findPdfFont(env: NodeJS.ProcessEnv = process.env): FontLookup {
  const path = env.HADO_PDF_FONT || defaultFontPath;
  if (!existsSync(path)) {
    return {
      result: 'missing',
      detail: `${path} not found: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) or set HADO_PDF_FONT to a font with Hangul`,
    };
  }
  const face = path.endsWith('.ttc') ? env.HADO_PDF_FONT_FACE || defaultFace : undefined;
  return { result: 'found', font: { path, face } };
}

/** A CJK font file is 20 MB: read once per process. */
const fontFiles = new Map<string, Buffer>();
function fontBytes(path: string): Buffer {
  let bytes = fontFiles.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fontFiles.set(path, bytes);
  }
  return bytes;
}

/** The font lacks glyphs for some text: the certificate is refused rather than printed with holes. */
export class MissingGlyphs extends Error {
  override name = 'MissingGlyphs';
}

/** Side of one QR module, in points: a 45-module code is 11 cm² on paper, readable by any phone. */
export const qrModulePoints = 2.5;

const words = {
  title: { ko: '대금 지급 확인서', en: 'Payment verification certificate' },
  subtitle: {
    ko: 'Hado 공공 건설공사 대금 지급 모니터링 — 전자 발급 확인서',
    en: 'Hado construction payment monitoring — electronically issued',
  },
  buyer: { ko: '발주기관', en: 'Buyer' },
  contract: { ko: '계약', en: 'Contract' },
  site: { ko: '현장', en: 'Site' },
  prime: { ko: '원도급사', en: 'Prime contractor' },
  claim: { ko: '청구', en: 'Claim' },
  period: { ko: '청구 기간', en: 'Period' },
  total: { ko: '청구 총액', en: 'Claim total' },
  buyerPaid: { ko: '발주기관 지급일', en: 'Paid by the buyer on' },
  scope: { ko: '확인 범위', en: 'Covers' },
  scopeAll: { ko: '청구의 모든 지급 대상', en: 'every payee of the claim' },
  scopeOwn: { ko: '발급 요청자에게 지급되는 몫', en: "the requester's own share" },
  payee: { ko: '수령인', en: 'Payee' },
  kind: { ko: '구분', en: 'Kind' },
  due: { ko: '지급할 금액', en: 'Due' },
  dueOn: { ko: '지급 기한', en: 'Due by' },
  paid: { ko: '지급액', en: 'Paid' },
  paidOn: { ko: '지급일', en: 'Paid on' },
  reference: { ko: '은행 참조', en: 'Bank reference' },
  sum: { ko: '합계', en: 'Total' },
  outstanding: { ko: '미지급', en: 'Outstanding' },
  issued: { ko: '발급 일시', en: 'Issued' },
  hash: { ko: '내용 해시', en: 'Content hash' },
  verify: {
    ko: 'QR 코드를 스캔하거나 아래 주소를 열면 이 확인서가 Hado의 기록과 같은지 확인할 수 있습니다.',
    en: "Scan the QR code or open the address below to check this certificate against Hado's records.",
  },
  none: { ko: '없음', en: 'none' },
} as const;

export const lineKindWords: Record<string, { ko: string; en: string }> = {
  own_share: { ko: '원도급사 몫', en: "Prime's share" },
  subcontract: { ko: '하도급', en: 'Subcontract' },
  supply: { ko: '자재·장비', en: 'Supply' },
  labour: { ko: '노무비', en: 'Wages' },
  advance: { ko: '선급금', en: 'Advance' },
};

export const won = (amount: bigint) => `₩${amount.toLocaleString('en-US')}`;

export function payeeText(line: CertificateLine, locale: Locale): string {
  if (line.payee === 'firm') return line.name;
  return locale === 'ko'
    ? `근로자 ${line.workers}명 (${line.employer} 소속)`
    : `${line.workers} worker${line.workers === 1 ? '' : 's'} of ${line.employer}`;
}

export function issuedText(at: Date, locale: Locale): string {
  return `${new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone: 'Asia/Seoul',
    dateStyle: 'long',
    timeStyle: 'medium',
  }).format(at)} (KST)`;
}

export async function certificatePdf(input: {
  readonly facts: CertificateFacts;
  readonly hash: string;
  readonly issuedAt: Date;
  readonly verifyUrl: string;
  readonly locale: Locale;
  readonly font: PdfFont;
}): Promise<Buffer> {
  const { facts, locale } = input;
  const t = (key: keyof typeof words) => words[key][locale];
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `${words.title[locale]} — ${facts.contract.number} #${facts.claim.sequence}`,
      Author: 'Hado',
      Subject: `claim ${facts.claimId}`,
      CreationDate: input.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fontBytes(input.font.path), input.font.face as string);
  doc.font('body');
  const fontkit = (doc as unknown as { _font: { font: { hasGlyphForCodePoint(point: number): boolean } } })._font.font;
  /** Every text goes through here: a character the font cannot draw refuses the certificate. */
  const checked = (text: string) => {
    const missing = [...new Set(text)].filter(
      (character) => character.trim() !== '' && !fontkit.hasGlyphForCodePoint(character.codePointAt(0)!),
    );
    if (missing.length > 0) throw new MissingGlyphs(`the font has no glyph for ${missing.join(' ')}`);
    return text;
  };
  const left = 50;
  const right = doc.page.width - 50;
  const bottom = doc.page.height - 60;

  doc.fontSize(20).text(checked(t('title')), left, 50, { align: 'center', width: right - left });
  doc
    .moveDown(0.2)
    .fontSize(9)
    .fillColor('#444')
    .text(checked(t('subtitle')), { align: 'center', width: right - left });
  doc.fillColor('black').moveDown(1.2);

  const facts2: [string, string][] = [
    [t('buyer'), facts.buyer],
    [t('contract'), `${facts.contract.number}  ${facts.contract.title}`],
    [t('site'), facts.contract.site],
    [t('prime'), facts.prime],
    [
      t('claim'),
      locale === 'ko'
        ? `${facts.claim.sequence}회차 기성 (제${facts.claim.version}판, 번호 ${facts.claimId})`
        : `Progress claim no. ${facts.claim.sequence} (version ${facts.claim.version}, id ${facts.claimId})`,
    ],
    [t('period'), `${facts.claim.periodStart} – ${facts.claim.periodEnd}`],
    [t('total'), won(facts.claim.totalWon)],
    [t('buyerPaid'), facts.claim.buyerPaidOn ?? t('none')],
    [t('scope'), facts.scope.kind === 'all' ? t('scopeAll') : t('scopeOwn')],
  ];
  doc.fontSize(10);
  for (const [label, value] of facts2) {
    const y = doc.y;
    doc.text(checked(label), left, y, { width: 110 });
    doc.text(checked(value), left + 115, y, { width: right - left - 115 });
    doc.moveDown(0.3);
  }
  doc.moveDown(0.8);

  // The lines: payee, kind, due, due by, paid, paid on, bank reference.
  const columns = [
    { key: 'payee', x: left, width: 112 },
    { key: 'kind', x: left + 115, width: 50 },
    { key: 'due', x: left + 168, width: 70, align: 'right' as const },
    { key: 'dueOn', x: left + 245, width: 52 },
    { key: 'paid', x: left + 300, width: 70, align: 'right' as const },
    { key: 'paidOn', x: left + 377, width: 52 },
    { key: 'reference', x: left + 432, width: right - left - 432 },
  ] as const;
  const row = (cells: string[], size: number) => {
    doc.fontSize(size);
    const heights = columns.map((column, index) => doc.heightOfString(checked(cells[index]!), { width: column.width }));
    const height = Math.max(...heights) + 4;
    if (doc.y + height > bottom) doc.addPage();
    const y = doc.y;
    columns.forEach((column, index) => {
      doc.text(cells[index]!, column.x, y, {
        width: column.width,
        ...('align' in column ? { align: column.align } : {}),
      });
    });
    doc
      .moveTo(left, y + height - 1)
      .lineTo(right, y + height - 1)
      .lineWidth(0.3)
      .strokeColor('#999')
      .stroke();
    doc.x = left;
    doc.y = y + height + 1;
  };
  row([t('payee'), t('kind'), t('due'), t('dueOn'), t('paid'), t('paidOn'), t('reference')], 8.5);
  for (const line of facts.lines) {
    row(
      [
        payeeText(line, locale),
        lineKindWords[line.payee === 'firm' ? line.kind : 'labour']?.[locale] ?? '',
        won(line.dueWon),
        line.dueOn,
        won(line.paidWon),
        line.payments.map((payment) => payment.on).join('\n') || '—',
        line.references.join('\n') || '—',
      ],
      8.5,
    );
  }
  const totals = totalsOf(facts);
  row([t('sum'), '', won(totals.dueWon), '', won(totals.paidWon), '', ''], 9);
  doc.fontSize(9).text(checked(`${t('outstanding')}: ${won(totals.outstandingWon)}`), left, doc.y + 2, {
    width: right - left,
    align: 'right',
  });

  // Issue facts and the verification QR code, kept together on one page.
  const qr = QRCode.create(input.verifyUrl, { errorCorrectionLevel: 'M' });
  const qrSide = qr.modules.size * qrModulePoints;
  if (doc.y + qrSide + 40 > bottom) doc.addPage();
  const top = doc.y + 20;
  doc.fontSize(9).text(checked(`${t('issued')}: ${issuedText(input.issuedAt, locale)}`), left, top, {
    width: right - left - qrSide - 20,
  });
  doc.moveDown(0.3).text(`${t('hash')}: ${input.hash}`, { width: right - left - qrSide - 20 });
  doc.moveDown(0.6).text(checked(t('verify')), { width: right - left - qrSide - 20 });
  doc
    .moveDown(0.3)
    .fillColor('#0b4ea2')
    .text(input.verifyUrl, { width: right - left - qrSide - 20, link: input.verifyUrl });
  doc.fillColor('black');
  const qrX = right - qrSide;
  for (let r = 0; r < qr.modules.size; r++) {
    for (let c = 0; c < qr.modules.size; c++) {
      if (qr.modules.get(r, c))
        doc.rect(qrX + c * qrModulePoints, top + r * qrModulePoints, qrModulePoints, qrModulePoints);
    }
  }
  doc.fill('black');
  doc.link(qrX, top, qrSide, qrSide, input.verifyUrl);
  doc.end();
  return done;
}
