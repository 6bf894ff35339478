/** SMS transports: how an outbox message reaches an SMS centre (SMPP, an HTTP provider, or the console). */
export { ConsoleTransport, type ConsoleTransportOptions } from './console-transport.ts';
export {
  deliveryStateOfMessageState,
  deliveryStateOfStat,
  parseReceiptText,
  readDeliveryReceipt,
} from './delivery-receipt.ts';
export { type HttpSmsRequestBody, HttpTransport, type HttpTransportOptions } from './http-transport.ts';
export {
  type SmppSessionStatus,
  SmppTransport,
  type SmppTransportOptions,
  smppDataCodingKsc5601,
  smppDataCodingUcs2,
  smppOutboxKeyField,
  smppOutboxKeyTagDefault,
} from './smpp-transport.ts';
export {
  type DeliveryReceipt,
  type DeliveryReceiptHandler,
  type DeliveryState,
  type OutgoingSms,
  type SendResult,
  type SmsTransport,
  silentLogger,
  type TransportLogger,
} from './sms-transport.ts';
