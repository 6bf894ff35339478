import { BadInputError } from '../kernel/bad-input.ts';
import type { Clock } from '../kernel/clock.ts';
import {
  ConsoleTransport,
  HttpTransport,
  SmppTransport,
  type SmsTransport,
  type TransportLogger,
} from '../sms/transports/index.ts';
import { defaultQuietHours, parseQuietHours, type QuietHours } from './quiet-hours.ts';

/**
 * SMS settings from the environment. The transport is `console` unless configured (so `npm start` prints
 * messages instead of sending them); the sender must be a number registered with the carriers (발신번호 사전등록).
 */
export type SmsConfig = {
  readonly transport: 'console' | 'smpp' | 'http';
  readonly sender: string;
  readonly quietHours: QuietHours | null;
  readonly unicodePolicy: 'replace' | 'ucs2';
  readonly smpp?: { host: string; port: number; systemId: string; password: string; systemType?: string };
  readonly http?: { url: string; authorization: string };
};

/** The demo's sender: a made-up 1588 number (a real deployment registers its own). */
export const demoSenderNumber = '15880142';

export function smsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmsConfig {
  const transport = env.HADO_SMS_TRANSPORT ?? 'console';
  if (transport !== 'console' && transport !== 'smpp' && transport !== 'http') {
    throw new BadInputError(`HADO_SMS_TRANSPORT must be console, smpp or http, not ${transport}`);
  }
  const sender = env.HADO_SMS_SENDER ?? demoSenderNumber;
  if (!/^\+?[0-9]{3,20}$/.test(sender)) throw new BadInputError(`HADO_SMS_SENDER is not a phone number: ${sender}`);
  const quietHours =
    env.HADO_SMS_QUIET_HOURS === undefined ? defaultQuietHours : parseQuietHours(env.HADO_SMS_QUIET_HOURS);
  if (quietHours === undefined) {
    throw new BadInputError(`HADO_SMS_QUIET_HOURS must look like 21:00-08:00 or be off: ${env.HADO_SMS_QUIET_HOURS}`);
  }
  const unicodePolicy = env.HADO_SMS_UNICODE === 'ucs2' ? 'ucs2' : 'replace';
  const base = { transport, sender, quietHours, unicodePolicy } as const;
  if (transport === 'smpp') {
    const host = env.HADO_SMPP_HOST;
    const systemId = env.HADO_SMPP_SYSTEM_ID;
    const password = env.HADO_SMPP_PASSWORD;
    if (!host || !systemId || !password) {
      throw new BadInputError(
        'HADO_SMS_TRANSPORT=smpp needs HADO_SMPP_HOST, HADO_SMPP_SYSTEM_ID and HADO_SMPP_PASSWORD',
      );
    }
    const port = Number(env.HADO_SMPP_PORT ?? 2775);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new BadInputError('HADO_SMPP_PORT is not a port');
    return {
      ...base,
      smpp: {
        host,
        port,
        systemId,
        password,
        ...(env.HADO_SMPP_SYSTEM_TYPE ? { systemType: env.HADO_SMPP_SYSTEM_TYPE } : {}),
      },
    };
  }
  if (transport === 'http') {
    const url = env.HADO_SMS_HTTP_URL;
    const authorization = env.HADO_SMS_HTTP_AUTHORIZATION;
    if (!url || !authorization) {
      throw new BadInputError('HADO_SMS_TRANSPORT=http needs HADO_SMS_HTTP_URL and HADO_SMS_HTTP_AUTHORIZATION');
    }
    return { ...base, http: { url, authorization } };
  }
  return base;
}

/** The transport the configuration names. */
export function createTransport(config: SmsConfig, clock: Clock, logger: TransportLogger): SmsTransport {
  switch (config.transport) {
    case 'console':
      return new ConsoleTransport({ unicodePolicy: config.unicodePolicy });
    case 'smpp':
      return new SmppTransport({ ...config.smpp!, unicodePolicy: config.unicodePolicy, clock, logger });
    case 'http':
      return new HttpTransport({ ...config.http!, unicodePolicy: config.unicodePolicy, clock, logger });
  }
}
