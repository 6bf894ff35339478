import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allRoles } from '../auth/caller.ts';
import { visibleClaim } from '../claims/claim-views.ts';
import { refuse } from '../http/refusals.ts';
import { IdParams, IdText, Locale, WonText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { certificateFacts, certificateSecret, scopeFor } from './certificate.store.ts';
import {
  type CertificateFacts,
  type CertificateScope,
  checkToken,
  contentHash,
  signToken,
  totalsOf,
} from './certificate.ts';
import { certificatePdf, findPdfFont, MissingGlyphs } from './certificate-pdf.ts';
import { contentDisposition } from './table-format.ts';

/** Refusals of the documents module that the shared list does not have, in the same `{ error }` shape. */
export const documentRefusals = {
  pdf_font_missing: {
    status: 503,
    ko: 'PDF에 쓸 한글 글꼴이 없습니다. 서버에 fonts-noto-cjk를 설치하거나 HADO_PDF_FONT를 설정하세요',
    en: 'No Korean font for the PDF: install fonts-noto-cjk on the server or set HADO_PDF_FONT',
  },
} as const satisfies Record<string, { status: number; ko: string; en: string }>;

function sendDocumentRefusal(
  reply: FastifyReply,
  request: FastifyRequest,
  code: keyof typeof documentRefusals,
  detail?: string,
) {
  const text = documentRefusals[code][request.locale];
  return reply
    .status(documentRefusals[code].status)
    .send({ error: { code, message: detail ? `${text}: ${detail}` : text } });
}

const signedIn = allRoles.filter((role) => role !== 'public');

/** Where the verification page lives: HADO_PUBLIC_URL (what the public reaches), else this request's origin. */
export function publicBaseUrl(request: FastifyRequest): string {
  const configured = process.env.HADO_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

const LocaleQuery = Type.Object({ locale: Type.Optional(Locale) }, { additionalProperties: false });

const Payment = Type.Object({ on: Type.String(), amountWon: WonText });
const CertificateLineOut = Type.Object({
  payee: Type.Union([Type.Literal('firm'), Type.Literal('workers')]),
  name: Type.Union([Type.String(), Type.Null()]),
  workers: Type.Union([Type.Integer(), Type.Null()]),
  employer: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  dueWon: WonText,
  paidWon: WonText,
  dueOn: Type.String(),
  payments: Type.Array(Payment),
  references: Type.Array(Type.String()),
});
const Totals = Type.Object({ dueWon: WonText, paidWon: WonText, outstandingWon: WonText });
const Verification = Type.Object({
  result: Type.Union([Type.Literal('valid'), Type.Literal('changed'), Type.Literal('invalid')]),
  certificate: Type.Union([
    Type.Null(),
    Type.Object({
      claimId: IdText,
      issuedAt: Type.String(),
      scope: Type.Union([Type.Literal('all'), Type.Literal('payee')]),
      contentHash: Type.String(),
      buyer: Type.String(),
      contract: Type.Object({ number: Type.String(), title: Type.String(), site: Type.String() }),
      prime: Type.String(),
      claim: Type.Object({
        sequence: Type.Integer(),
        version: Type.Integer(),
        periodStart: Type.String(),
        periodEnd: Type.String(),
        totalWon: WonText,
        status: Type.String(),
        buyerPaidOn: Type.Union([Type.String(), Type.Null()]),
      }),
      lines: Type.Array(CertificateLineOut),
      totals: Totals,
    }),
  ]),
});

/** The certificate's facts as the public page shows them: firms by name, workers counted, money as text. */
function factsOut(facts: CertificateFacts, token: { issuedAt: Date; hash: string }) {
  const totals = totalsOf(facts);
  return {
    claimId: String(facts.claimId),
    issuedAt: token.issuedAt.toISOString(),
    scope: facts.scope.kind === 'all' ? ('all' as const) : ('payee' as const),
    contentHash: token.hash,
    buyer: facts.buyer,
    contract: facts.contract,
    prime: facts.prime,
    claim: { ...facts.claim, totalWon: String(facts.claim.totalWon) },
    lines: facts.lines.map((line) => ({
      payee: line.payee,
      name: line.payee === 'firm' ? line.name : null,
      workers: line.payee === 'workers' ? line.workers : null,
      employer: line.payee === 'workers' ? line.employer : null,
      kind: line.payee === 'firm' ? line.kind : 'labour',
      dueWon: String(line.dueWon),
      paidWon: String(line.paidWon),
      dueOn: line.dueOn,
      payments: line.payments.map((payment) => ({ on: payment.on, amountWon: String(payment.amountWon) })),
      references: [...line.references],
    })),
    totals: {
      dueWon: String(totals.dueWon),
      paidWon: String(totals.paidWon),
      outstandingWon: String(totals.outstandingWon),
    },
  };
}

/**
 * The payment verification certificate of a paid claim (PDF) for whoever may see the claim, covering what
 * they may see; and its public verification by the token in its QR code.
 */
export const certificateRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;

  app.get(
    '/api/v1/claims/:id/certificate',
    {
      config: { access: { roles: signedIn } },
      schema: {
        tags: ['documents'],
        summary: 'The payment verification certificate of a paid claim, as a PDF with a verification QR code',
        params: IdParams,
        querystring: LocaleQuery,
      },
    },
    async (request, reply) => {
      const claim = await visibleClaim(db, request.caller, BigInt(request.params.id));
      if (!claim) return refuse('not_found');
      if (claim.status !== 'paid') return refuse('claim_not_paid');
      const font = findPdfFont();
      if (font.result === 'missing') return sendDocumentRefusal(reply, request, 'pdf_font_missing', font.detail);
      const scope: CertificateScope = await scopeFor(db, request.caller, claim.contract_id);
      const facts = await certificateFacts(db, claim.id, scope);
      if (!facts) return refuse('not_found');
      const now = context.clock.now();
      const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
      const secret = await certificateSecret(db, { create: true, now });
      const hash = contentHash(facts);
      const token = signToken(secret!, { claimId: claim.id, scope, issuedAt, hash });
      const locale = request.query.locale ?? request.locale;
      let pdf: Buffer;
      try {
        pdf = await certificatePdf({
          facts,
          hash,
          issuedAt,
          verifyUrl: `${publicBaseUrl(request)}/verify/${token}`,
          locale,
          font: font.font,
        });
      } catch (error) {
        if (error instanceof MissingGlyphs)
          return sendDocumentRefusal(reply, request, 'pdf_font_missing', error.message);
        throw error;
      }
      const names = {
        ko: `대금지급확인서-${facts.contract.number}-${facts.claim.sequence}회차.pdf`,
        en: `payment-certificate-${facts.contract.number}-${facts.claim.sequence}.pdf`,
      };
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition(names.en, names[locale]).replace(/^attachment/, 'inline'))
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/public/certificates/:token',
    {
      config: { access: { roles: allRoles } },
      schema: {
        tags: ['documents', 'public'],
        summary: 'Is this payment verification certificate genuine, and how does the claim stand now?',
        params: Type.Object({ token: Type.String({ maxLength: 300 }) }, { additionalProperties: false }),
        response: { 200: Verification },
      },
    },
    async (request) => {
      const secret = await certificateSecret(db, { create: false, now: context.clock.now() });
      const checked = checkToken(secret, request.params.token);
      if (checked.result !== 'authentic') return { result: 'invalid' as const, certificate: null };
      const facts = await certificateFacts(db, checked.claims.claimId, checked.claims.scope);
      if (!facts) return { result: 'invalid' as const, certificate: null };
      const hash = contentHash(facts);
      return {
        // Authentic, and the records still say what the certificate says; or they changed since (a payment
        // recorded later, a reversal): the page then shows the records as they are now.
        result: hash === checked.claims.hash ? ('valid' as const) : ('changed' as const),
        certificate: factsOut(facts, { issuedAt: checked.claims.issuedAt, hash: checked.claims.hash }),
      };
    },
  );
};
