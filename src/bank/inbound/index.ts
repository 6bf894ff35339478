/**
 * The banks' inbound channel: signed `POST /api/v1/bank/messages`, bank API keys, the drop folder, and the
 * exception queue, movements and findings routes.
 */

export { type BankRefusal, bankKeyMasterOf, bankRefusals, bankRoutes } from './bank.routes.ts';
export {
  type BankKey,
  type BankKeyMaster,
  type CreateBankKeyResult,
  createBankApiKey,
  deriveBankKeySecret,
  findBankKey,
  loadBankKeyMaster,
} from './bank-keys.ts';
export { type DropFolderPass, runDropFolderPass, watchDropFolder } from './drop-folder.ts';
export { bankSignatureHeaders, readSignatureHeaders, signaturesEqual, signBankRequest } from './signature.ts';
