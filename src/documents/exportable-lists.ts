import type { Label } from './field-labels.ts';

/**
 * Every list the API serves, with the name its export files take. Each gets `<path>/export?format=csv|xlsx`
 * with the list's own roles, filters and scoping (the export walks the list route itself). The export test
 * enumerates the API's list routes and fails on one missing here.
 *
 * `rows` is the array the list answers in (`items` unless said), `paged` whether it pages with `after`.
 */
export type ExportableList = {
  readonly path: string;
  readonly file: Label;
  readonly rows?: string;
};

export const exportableLists: readonly ExportableList[] = [
  { path: '/api/v1/buyers', file: { ko: '발주기관', en: 'buyers' } },
  { path: '/api/v1/firms', file: { ko: '업체', en: 'firms' } },
  { path: '/api/v1/banks', file: { ko: '은행', en: 'banks' } },
  { path: '/api/v1/contracts', file: { ko: '계약', en: 'contracts' } },
  { path: '/api/v1/contracts/:id/dedicated-accounts', file: { ko: '전용계좌', en: 'dedicated-accounts' } },
  { path: '/api/v1/contracts/:id/subcontracts', file: { ko: '하도급', en: 'subcontracts' } },
  { path: '/api/v1/contracts/:id/supply-contracts', file: { ko: '자재장비계약', en: 'supply-contracts' } },
  { path: '/api/v1/contracts/:id/workers', file: { ko: '근로자', en: 'workers' } },
  { path: '/api/v1/contracts/:id/ledger', file: { ko: '원장', en: 'ledger' }, rows: 'accounts' },
  { path: '/api/v1/contracts/:id/interest', file: { ko: '지연이자', en: 'delay-interest' }, rows: 'lines' },
  { path: '/api/v1/payee-accounts', file: { ko: '수령계좌', en: 'payee-accounts' } },
  { path: '/api/v1/rules', file: { ko: '규정', en: 'rules' } },
  { path: '/api/v1/claims', file: { ko: '기성청구', en: 'claims' } },
  { path: '/api/v1/claims/:id/versions/:version/lines', file: { ko: '청구내역', en: 'claim-lines' } },
  { path: '/api/v1/obligations', file: { ko: '지급의무', en: 'obligations' } },
  { path: '/api/v1/obligations/:id/interest', file: { ko: '지연이자', en: 'delay-interest' }, rows: 'lines' },
  { path: '/api/v1/bank/exceptions', file: { ko: '예외거래', en: 'bank-exceptions' } },
  { path: '/api/v1/bank/movements', file: { ko: '은행거래', en: 'bank-movements' } },
  { path: '/api/v1/bank/findings', file: { ko: '은행발견사항', en: 'bank-findings' } },
  { path: '/api/v1/findings', file: { ko: '발견사항', en: 'findings' } },
  { path: '/api/v1/findings/:id/transitions', file: { ko: '발견사항이력', en: 'finding-history' } },
  { path: '/api/v1/monitor/obligations', file: { ko: '지급현황', en: 'monitored-obligations' } },
  { path: '/api/v1/direct-payment-suggestions', file: { ko: '직접지급제안', en: 'direct-payment-suggestions' } },
  { path: '/api/v1/messages', file: { ko: '문자', en: 'messages' } },
  { path: '/api/v1/reports', file: { ko: '신고', en: 'reports' } },
  { path: '/api/v1/report-counts', file: { ko: '외부신고집계', en: 'report-counts' } },
  { path: '/api/v1/worker/wages', file: { ko: '임금', en: 'wages' } },
  { path: '/api/v1/payee/obligations', file: { ko: '받을대금', en: 'my-obligations' } },
  { path: '/api/v1/direct-payments', file: { ko: '직접지급', en: 'direct-payments' } },
  { path: '/api/v1/bank-portal/messages', file: { ko: '은행전문', en: 'bank-messages' } },
  { path: '/api/v1/finance/receivables', file: { ko: '담보가능채권', en: 'receivables' } },
  { path: '/api/v1/finance/banks', file: { ko: '대출은행', en: 'lending-banks' } },
  { path: '/api/v1/finance/loans', file: { ko: '대출', en: 'loans' } },
  { path: '/api/v1/finance/portfolio', file: { ko: '대출현황', en: 'loan-portfolio' } },
];

/** The export route of a list. */
export const exportPathOf = (listPath: string) => `${listPath}/export`;
