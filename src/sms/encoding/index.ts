/** Korean SMS text encoding: how a text becomes SMS or LMS bytes, in EUC-KR or UCS-2. */
export {
  decodeMessage,
  isEncodable,
  type KoreanCharset,
  type MessageEncoding,
  type MessageKind,
  type MessagePlan,
  type PlanMessageOptions,
  planMessage,
  type UnicodePolicy,
} from './plan-message.ts';
