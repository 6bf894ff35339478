/**
 * Transfer instructions: the ISO 20022 pain.001 documents Hado sends a bank to execute a claim's division
 * (DESIGN §2 step 4), and the names of the files `hado instructions export` writes them to.
 */
export {
  type BuildPain001Refusal,
  type BuildPain001Result,
  buildPain001,
  buildPain001RefusalMessages,
} from './build-pain001.ts';
export { pain001FileName } from './pain001-file-name.ts';
export {
  type AccountIdentification,
  identifyAccount,
  isBankCode,
  isBic,
  isIban,
  isTransferIdentifier,
} from './payment-identifiers.ts';
export {
  type Agent,
  type ChargeBearer,
  type Pain001Version,
  type Party,
  type PaymentInformation,
  pain001Namespace,
  pain001Versions,
  parsePain001Version,
  type Transfer,
  type TransferInstruction,
} from './transfer-instruction.ts';
export { cleanText, escapeXml, truncateText } from './xml-text.ts';
