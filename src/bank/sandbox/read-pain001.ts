import { SaxesParser } from 'saxes';
import { type CivilDate, parseCivilDate } from '../../kernel/civil-date.ts';
import { instructionPaymentBlocksMax, instructionTransactionsMax, xmlDepthMax } from '../../kernel/limits.ts';
import { parseDecimal } from '../../kernel/money.ts';

/** A transfer as the bank reads it from a pain.001 (any version: elements are matched by local name). */
export type InstructedTransfer = {
  readonly endToEndId: string;
  readonly instructionId: string | null;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly creditorName: string;
  readonly creditorAccount: string;
  readonly creditorBankCode: string | null;
  readonly remittance: string | null;
};

export type InstructedBlock = {
  readonly paymentInformationId: string;
  readonly requestedExecutionOn: CivilDate;
  readonly debtorAccount: string;
  readonly debtorBankCode: string | null;
  readonly transfers: readonly InstructedTransfer[];
};

export type Pain001Document = { readonly messageId: string; readonly blocks: readonly InstructedBlock[] };

export type ReadPain001Result =
  | { readonly kind: 'read'; readonly document: Pain001Document }
  | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Reads a pain.001 as the sandbox bank's front end does: streaming (saxes), refusing a DTD or entities, bounded
 * depth and counts, each transfer complete (end-to-end id, exact amount, creditor account) or the whole message
 * refused, as a bank refuses a malformed file (pain.002 with group status RJCT would follow in real life).
 */
export function readPain001(xml: string): ReadPain001Result {
  const parser = new SaxesParser({ xmlns: false });
  const path: string[] = [];
  let messageId: string | null = null;
  const blocks: InstructedBlock[] = [];
  type BlockDraft = {
    paymentInformationId?: string;
    requestedExecutionOn?: CivilDate;
    debtorAccount?: string;
    debtorBankCode?: string;
    transfers: InstructedTransfer[];
  };
  let block: BlockDraft = { transfers: [] };
  let transfer: Record<string, string> = {};
  let failure: string | null = null;
  let text = '';
  const fail = (reason: string) => {
    failure ??= reason;
  };
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  const under = (...names: string[]) => names.every((name) => path.includes(name));
  parser.on('doctype', () => fail('a DTD is not accepted'));
  parser.on('error', (error) => fail(error.message));
  parser.on('opentag', (tag) => {
    path.push(local(tag.name));
    text = '';
    if (path.length > xmlDepthMax) fail('too deeply nested');
    const name = path.at(-1);
    if (name === 'PmtInf') block = { transfers: [] };
    if (name === 'CdtTrfTxInf') transfer = {};
    if (name === 'InstdAmt') transfer.currency = String(tag.attributes.Ccy ?? '');
  });
  parser.on('text', (value) => {
    text += value;
  });
  parser.on('closetag', () => {
    const name = path.at(-1)!;
    const value = text.trim();
    if (name === 'MsgId' && under('GrpHdr')) messageId = value;
    else if (name === 'PmtInfId') block.paymentInformationId = value;
    else if (under('ReqdExctnDt') && (name === 'Dt' || name === 'ReqdExctnDt') && value !== '') {
      const date = parseCivilDate(value);
      if (!date) fail(`impossible execution date ${value}`);
      else block.requestedExecutionOn = date;
    } else if (under('DbtrAcct') && (name === 'IBAN' || (name === 'Id' && under('Othr')))) block.debtorAccount = value;
    else if (under('DbtrAgt') && name === 'MmbId') block.debtorBankCode = value;
    else if (under('CdtTrfTxInf')) {
      if (name === 'EndToEndId') transfer.endToEndId = value;
      else if (name === 'InstrId') transfer.instructionId = value;
      else if (name === 'InstdAmt') transfer.amount = value;
      else if (name === 'Nm' && under('Cdtr') && !under('CdtrAgt')) transfer.creditorName = value;
      else if (under('CdtrAcct') && (name === 'IBAN' || (name === 'Id' && under('Othr'))))
        transfer.creditorAccount = value;
      else if (under('CdtrAgt') && name === 'MmbId') transfer.creditorBankCode = value;
      else if (name === 'Ustrd') transfer.remittance = value;
      else if (name === 'CdtTrfTxInf') {
        const amount = parseDecimal(transfer.amount ?? '', transfer.currency ?? '');
        if (!transfer.endToEndId || !transfer.creditorAccount || amount.kind !== 'exact' || amount.minor <= 0n) {
          fail(`transfer ${block.transfers.length + 1} of ${block.paymentInformationId ?? 'a block'} is incomplete`);
        } else if (block.transfers.length >= instructionTransactionsMax) {
          fail('too many transfers');
        } else {
          block.transfers.push({
            endToEndId: transfer.endToEndId,
            instructionId: transfer.instructionId ?? null,
            currency: transfer.currency!,
            amountMinor: amount.minor,
            creditorName: transfer.creditorName ?? '',
            creditorAccount: transfer.creditorAccount.replace(/[\s-]/g, ''),
            creditorBankCode: transfer.creditorBankCode ?? null,
            remittance: transfer.remittance ?? null,
          });
        }
      }
    } else if (name === 'PmtInf') {
      if (!block.paymentInformationId || !block.requestedExecutionOn || !block.debtorAccount) {
        fail('a payment information block lacks its id, execution date or debtor account');
      } else if (blocks.length >= instructionPaymentBlocksMax) {
        fail('too many payment information blocks');
      } else {
        blocks.push({
          paymentInformationId: block.paymentInformationId,
          requestedExecutionOn: block.requestedExecutionOn,
          debtorAccount: block.debtorAccount.replace(/[\s-]/g, ''),
          debtorBankCode: block.debtorBankCode ?? null,
          transfers: block.transfers,
        });
      }
    }
    path.pop();
    text = '';
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    fail((error as Error).message);
  }
  if (failure !== null) return { kind: 'malformed', reason: failure };
  if (messageId === null) return { kind: 'malformed', reason: 'no message id (GrpHdr/MsgId)' };
  if (blocks.length === 0) return { kind: 'malformed', reason: 'no payment information' };
  return { kind: 'read', document: { messageId, blocks } };
}
