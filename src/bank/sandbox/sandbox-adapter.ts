import type { Db } from '../../db/database.ts';
import type { App } from '../../http/server.ts';
import type { BankAdapter, SubmitInstructionResult } from '../adapters/bank-adapter.ts';
import type { BankKey } from '../inbound/bank-keys.ts';
import { signBankRequest } from '../inbound/signature.ts';
import { sandboxAccountHolderCheck } from './account-holder-check.ts';
import type { DeliveryOutcome, OutgoingMessage, SandboxBank } from './sandbox-bank.ts';

/** The sandbox bank in the same process as Hado (the demo, the tests): instructions are handed over directly. */
export function inProcessSandboxAdapter(bank: SandboxBank, db: Db, bankCodes: readonly string[]): BankAdapter {
  return {
    name: 'sandbox',
    bankCodes,
    async submitInstruction(message): Promise<SubmitInstructionResult> {
      const outcome = await bank.submitPain001(message.xml);
      if (outcome.kind === 'accepted') return { kind: 'accepted' };
      if (outcome.kind === 'duplicate') return { kind: 'duplicate' };
      return { kind: 'refused', reason: outcome.reason };
    },
    checkAccountHolder: sandboxAccountHolderCheck(db),
  };
}

/** How a delivery answer maps to the sandbox's retry: 2xx done; 422/413 refused for good; anything else later. */
export function deliveryOutcomeOf(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 422 || status === 413 || status === 400) return 'refused';
  return 'retry';
}

/**
 * Posts the sandbox's messages to Hado's inbound channel in the same process (through the HTTP stack, signed,
 * exactly as a bank does over the network).
 */
export function deliverInProcess(
  app: App,
  keyFor: (bankCode: string) => Promise<BankKey | undefined>,
): (message: OutgoingMessage) => Promise<DeliveryOutcome> {
  return async (message) => {
    const key = await keyFor(message.bankCode);
    if (!key) return 'retry';
    const body = Buffer.from(message.xml, 'utf8');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/bank/messages',
      headers: {
        ...signBankRequest(key, body, new Date()),
        'content-type': 'application/xml',
        'x-hado-file-name': `${message.kind}-${message.id}.xml`,
      },
      payload: body,
    });
    return deliveryOutcomeOf(response.statusCode);
  };
}

/** Posts the sandbox's messages to a Hado server over HTTP (`hado bank-sim --hado-url`). */
export function deliverOverHttp(
  hadoUrl: string,
  key: { readonly keyId: string; readonly secret: string },
): (message: OutgoingMessage) => Promise<DeliveryOutcome> {
  return async (message) => {
    const body = Buffer.from(message.xml, 'utf8');
    const response = await fetch(new URL('/api/v1/bank/messages', hadoUrl), {
      method: 'POST',
      headers: {
        ...signBankRequest(key, body, new Date()),
        'content-type': 'application/xml',
        'x-hado-file-name': `${message.kind}-${message.id}.xml`,
      },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    await response.arrayBuffer();
    return deliveryOutcomeOf(response.status);
  };
}

/** Hado's side of a standalone sandbox bank (`hado bank-sim`): instructions and account checks over signed HTTP. */
export function httpSandboxAdapter(
  sandboxUrl: string,
  key: { readonly keyId: string; readonly secret: string },
  bankCodes: readonly string[],
): BankAdapter {
  return {
    name: 'sandbox-http',
    bankCodes,
    async submitInstruction(message): Promise<SubmitInstructionResult> {
      const body = Buffer.from(message.xml, 'utf8');
      try {
        const response = await fetch(new URL('/sandbox/v1/instructions', sandboxUrl), {
          method: 'POST',
          headers: { ...signBankRequest(key, body, new Date()), 'content-type': 'application/xml' },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        const answer = (await response.json()) as { kind?: string; reason?: string };
        if (response.ok && answer.kind === 'accepted') return { kind: 'accepted' };
        if (response.ok && answer.kind === 'duplicate') return { kind: 'duplicate' };
        if (response.status === 422) return { kind: 'refused', reason: answer.reason ?? 'refused' };
        return { kind: 'unavailable', reason: `sandbox answered ${response.status}` };
      } catch (error) {
        return { kind: 'unavailable', reason: (error as Error).message };
      }
    },
    async checkAccountHolder(bankCode, accountNumber) {
      try {
        const response = await fetch(new URL(`/sandbox/v1/accounts/${bankCode}/${accountNumber}`, sandboxUrl), {
          signal: AbortSignal.timeout(10_000),
        });
        if (response.status === 404) return { kind: 'not_found' };
        if (!response.ok) return { kind: 'unavailable', reason: `sandbox answered ${response.status}` };
        const answer = (await response.json()) as { holderName: string };
        return { kind: 'found', holderName: answer.holderName };
      } catch (error) {
        return { kind: 'unavailable', reason: (error as Error).message };
      }
    },
  };
}
