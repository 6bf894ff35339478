import type { QuietHours } from '../outbox/quiet-hours.ts';
import { type SmsConfig, smsConfigFromEnv } from '../outbox/sms-config.ts';

/** What every message needs from the configuration: the registered sender number and the quiet hours. */
export type NotificationSettings = { readonly sender: string; readonly quietHours: QuietHours | null };

let fromEnv: SmsConfig | undefined;

/** The process's settings, read once from the environment (HADO_SMS_SENDER, HADO_SMS_QUIET_HOURS). */
export function notificationSettings(): NotificationSettings {
  fromEnv ??= smsConfigFromEnv();
  return { sender: fromEnv.sender, quietHours: fromEnv.quietHours };
}
