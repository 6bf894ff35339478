/**
 * Every refusal the API can give, with its HTTP status and a message in Korean and English. A route
 * returns one of these codes; the mapping to HTTP is here, once, and complete by construction.
 */
export const refusals = {
  invalid_request: { status: 400, ko: '요청 형식이 올바르지 않습니다', en: 'The request is malformed' },
  body_too_large: { status: 413, ko: '요청 본문이 너무 큽니다', en: 'The request body is too large' },
  unsupported_media_type: { status: 415, ko: '지원하지 않는 형식입니다', en: 'Unsupported media type' },
  unauthenticated: { status: 401, ko: '로그인이 필요합니다', en: 'Sign-in required' },
  invalid_credentials: { status: 401, ko: '아이디 또는 비밀번호가 틀립니다', en: 'Wrong login or password' },
  account_locked: {
    status: 423,
    ko: '로그인 실패가 많아 잠시 잠겼습니다',
    en: 'Too many failed sign-ins; try again later',
  },
  csrf_token_invalid: { status: 403, ko: '보안 토큰이 없거나 틀립니다', en: 'Missing or wrong CSRF token' },
  forbidden: { status: 403, ko: '이 작업을 할 권한이 없습니다', en: 'Your role may not do this' },
  not_found: { status: 404, ko: '찾을 수 없습니다', en: 'Not found' },
  rate_limited: { status: 429, ko: '요청이 너무 많습니다', en: 'Too many requests' },
  conflict: {
    status: 409,
    ko: '같은 키로 다른 내용이 이미 등록되어 있습니다',
    en: 'A different record already exists under the same key',
  },
  invalid_business_number: {
    status: 422,
    ko: '사업자등록번호가 올바르지 않습니다',
    en: 'Invalid business registration number',
  },
  invalid_phone: { status: 422, ko: '휴대전화 번호가 올바르지 않습니다', en: 'Invalid mobile phone number' },
  invalid_amount: { status: 422, ko: '금액이 올바르지 않습니다', en: 'Invalid amount' },
  invalid_date: { status: 422, ko: '날짜가 올바르지 않습니다', en: 'Invalid date' },
  invalid_period: { status: 422, ko: '기간이 올바르지 않습니다', en: 'The end is before the start' },
  invalid_account_number: { status: 422, ko: '계좌번호가 올바르지 않습니다', en: 'Invalid account number' },
  unknown_bank: { status: 422, ko: '알 수 없는 은행 코드입니다', en: 'Unknown bank code' },
  unknown_buyer: { status: 422, ko: '등록되지 않은 발주기관입니다', en: 'Unknown buyer' },
  unknown_firm: { status: 422, ko: '등록되지 않은 업체입니다', en: 'Unknown firm' },
  unknown_contract: { status: 422, ko: '등록되지 않은 계약입니다', en: 'Unknown contract' },
  unknown_subcontract: { status: 422, ko: '등록되지 않은 하도급 계약입니다', en: 'Unknown subcontract' },
  unknown_worker: { status: 422, ko: '등록되지 않은 근로자입니다', en: 'Unknown worker' },
  unknown_account: { status: 422, ko: '등록되지 않은 계좌입니다', en: 'Unknown account' },
  not_party_to_contract: {
    status: 403,
    ko: '이 계약의 당사자가 아닙니다',
    en: 'You are not a party to this contract',
  },
  subcontract_exceeds_contract: {
    status: 422,
    ko: '하도급 금액이 상위 계약 금액을 넘습니다',
    en: 'Subcontract amounts exceed the parent contract amount',
  },
  account_owner_mismatch: {
    status: 422,
    ko: '본인 명의 계좌가 아닙니다',
    en: "The account is not in the payee's own name",
  },
  account_holder_mismatch: {
    status: 422,
    ko: '예금주 이름이 일치하지 않습니다',
    en: 'The account holder name does not match',
  },
  account_not_found_at_bank: {
    status: 422,
    ko: '은행에 없는 계좌입니다',
    en: 'The bank does not know this account',
  },
  bank_unavailable: { status: 503, ko: '은행 응답이 없습니다', en: 'The bank did not answer' },
  login_taken: { status: 409, ko: '이미 있는 아이디입니다', en: 'That login is taken' },
  weak_password: {
    status: 422,
    ko: '비밀번호는 12자 이상이어야 합니다',
    en: 'A password needs at least 12 characters',
  },
  totp_required: { status: 401, ko: '인증 앱의 6자리 코드가 필요합니다', en: 'A two-factor code is required' },
  totp_invalid: { status: 401, ko: '인증 코드가 틀립니다', en: 'Wrong two-factor code' },
  totp_enrollment_required: {
    status: 403,
    ko: '이 역할은 2단계 인증을 먼저 등록해야 합니다',
    en: 'This role must enrol two-factor sign-in first',
  },
  step_up_required: {
    status: 403,
    ko: '이 작업 전에 인증 코드를 다시 확인해야 합니다',
    en: 'Confirm your two-factor code again before this action',
  },
  erasure_blocked_wages_owed: {
    status: 409,
    ko: '지급되지 않은 임금이 있어 개인정보를 삭제할 수 없습니다',
    en: 'Wages are still owed to this worker; personal data stays until they are paid',
  },
  database_unavailable: {
    status: 503,
    ko: '데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도하세요',
    en: 'The database is unavailable; try again shortly',
  },
  // Claims, obligations and the ledger (issue 3).
  division_must_sum_to_total: {
    status: 422,
    ko: '분할 금액의 합계가 청구 총액과 다릅니다',
    en: 'The division lines do not sum to the claim total',
  },
  share_exceeds_remaining: {
    status: 422,
    ko: '계약의 남은 금액을 넘는 청구입니다',
    en: 'The line exceeds what remains unclaimed on its contract',
  },
  payee_not_registered: {
    status: 422,
    ko: '등록되지 않은 수령인이나 계좌입니다',
    en: 'The payee or its account is not registered for this contract',
  },
  payee_account_unverified: {
    status: 422,
    ko: '예금주 확인이 끝나지 않은 계좌입니다',
    en: "The payee's account holder has not been verified",
  },
  labour_account_not_own: {
    status: 422,
    ko: '노무비는 근로자 본인 명의 계좌로만 지급합니다',
    en: "Wages go only to the worker's own-name account",
  },
  labour_amount_mismatch: {
    status: 422,
    ko: '노무비가 출역일수 × 일당과 다릅니다',
    en: 'The wage is not days worked × the registered daily wage',
  },
  labour_days_exceed_period: {
    status: 422,
    ko: '출역일수가 청구 기간보다 깁니다',
    en: 'More days worked than the period has',
  },
  duplicate_line: { status: 422, ko: '같은 수령인의 줄이 두 번 있습니다', en: 'The same payee appears twice' },
  dedicated_account_missing: {
    status: 422,
    ko: '이 용도의 전용계좌가 없습니다',
    en: 'The contract has no dedicated account for this purpose',
  },
  period_already_claimed: {
    status: 409,
    ko: '이미 청구된 기간입니다',
    en: 'This period is already claimed with different content',
  },
  claim_not_submitted: {
    status: 409,
    ko: '검토 대기 중인 청구가 아닙니다',
    en: 'The claim is not awaiting a decision',
  },
  claim_not_rejected: { status: 409, ko: '반려된 청구만 다시 제출합니다', en: 'Only a rejected claim is resubmitted' },
  claim_not_approved: { status: 409, ko: '승인되지 않은 청구입니다', en: 'The claim is not approved' },
  claim_not_awaiting_release: {
    status: 409,
    ko: '원도급사 승인 대기 중인 청구가 아닙니다',
    en: "The claim is not awaiting the prime's release",
  },
  claim_not_paid: { status: 409, ko: '지급되지 않은 청구입니다', en: 'The claim is not paid and released' },
  obligation_not_paid: {
    status: 409,
    ko: '아직 전액 지급되지 않아 수령을 확인할 수 없습니다',
    en: 'Receipt can be confirmed only once the share is paid in full',
  },
  payment_amount_mismatch: {
    status: 422,
    ko: '지급액이 승인된 청구액과 다릅니다',
    en: 'The payment differs from the approved claim',
  },
  no_rule_in_force: {
    status: 422,
    ko: '그 날짜에 적용할 규정이 없습니다',
    en: 'No rule is in force on that date',
  },
  unknown_obligation: { status: 422, ko: '알 수 없는 지급 의무입니다', en: 'Unknown obligation' },
  obligation_held: {
    status: 409,
    ko: '원도급사 승인 전에는 이체할 수 없습니다',
    en: "The obligation waits for the prime's release",
  },
  nothing_to_transfer: { status: 409, ko: '이체할 금액이 없습니다', en: 'Nothing is left to transfer' },
  dedicated_account_insufficient: {
    status: 422,
    ko: '전용계좌 잔액이 부족합니다',
    en: 'The dedicated account does not hold enough',
  },
  payable_exceeded: {
    status: 422,
    ko: '지급 의무를 넘는 지급입니다',
    en: 'The payment exceeds what the payee is owed',
  },
  entry_not_reversible: {
    status: 409,
    ko: '취소할 수 없는 분개입니다',
    en: 'This journal entry cannot be reversed this way',
  },
  already_reversed: { status: 409, ko: '이미 취소된 분개입니다', en: 'The entry is already reversed' },
  instruction_refused: {
    status: 422,
    ko: '이체 지시서를 만들 수 없습니다',
    en: 'The transfer instruction cannot be built',
  },
  invalid_rule_value: {
    status: 422,
    ko: '규정 값이 허용 범위를 벗어났습니다',
    en: 'The rule value is out of range',
  },
  not_ready: { status: 503, ko: '서버가 준비 중입니다', en: 'The server is not ready' },
  // Monitoring, messages and the worker self-check (issue 5).
  otp_invalid: {
    status: 401,
    ko: '인증번호가 틀렸거나 만료되었습니다',
    en: 'The code is wrong or has expired',
  },
  otp_locked: {
    status: 423,
    ko: '인증 실패가 많아 잠시 잠겼습니다. 나중에 다시 시도하세요',
    en: 'Too many wrong codes; try again later',
  },
  finding_transition_invalid: {
    status: 409,
    ko: '이 발견 사항은 그 상태로 바꿀 수 없습니다',
    en: 'The finding cannot move to that state',
  },
  suggestion_already_decided: {
    status: 409,
    ko: '이미 결정된 직접지급 제안입니다',
    en: 'This direct payment suggestion has already been decided',
  },
  // Financing against receivables (issue 6).
  not_receivable_payee: {
    status: 403,
    ko: '본인 업체가 받을 채권이 아닙니다',
    en: 'This receivable is not owed to your firm',
  },
  receivable_not_approved: {
    status: 409,
    ko: '승인된 기성 분할 중 하도급·자재 몫만 담보로 할 수 있습니다',
    en: 'Only a subcontract or supply share of an approved division can be borrowed against',
  },
  receivable_paid: { status: 409, ko: '이미 지급된 채권입니다', en: 'The receivable is already paid' },
  receivable_disputed: {
    status: 409,
    ko: '반송·유용 또는 반려로 다툼이 있는 채권입니다',
    en: 'The receivable is disputed (rejected, returned or diverted)',
  },
  receivable_already_assigned: {
    status: 409,
    ko: '이미 다른 대출에 양도된 채권입니다',
    en: 'The receivable is already assigned to a loan',
  },
  amount_exceeds_advance_limit: {
    status: 422,
    ko: '대출 신청액이 채권의 대출 한도를 넘습니다',
    en: 'The amount exceeds what the receivable allows',
  },
  loan_not_addressed_to_bank: {
    status: 403,
    ko: '이 대출 신청은 귀 은행에 한 것이 아닙니다',
    en: 'This loan application is addressed to another bank',
  },
  loan_not_applied: {
    status: 409,
    ko: '심사 대기 중인 대출 신청이 아닙니다',
    en: 'The loan is not waiting for a decision',
  },
  internal: { status: 500, ko: '내부 오류가 발생했습니다', en: 'Internal error' },
} as const satisfies Record<string, { status: number; ko: string; en: string }>;

export type RefusalCode = keyof typeof refusals;

/** A refusal a route raises; the error handler turns it into `{ error: { code, message, field? } }`. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly code: RefusalCode,
    readonly field?: string,
    readonly detail?: string,
  ) {
    super(detail ?? refusals[code].en);
  }
  get status(): number {
    return refusals[this.code].status;
  }
}

export const refuse = (code: RefusalCode, field?: string, detail?: string): never => {
  throw new Refusal(code, field, detail);
};

export type ErrorBody = { error: { code: string; message: string; field?: string } };

export function errorBody(code: RefusalCode, locale: 'ko' | 'en', field?: string, detail?: string): ErrorBody {
  const message = detail ? `${refusals[code][locale]}: ${detail}` : refusals[code][locale];
  return { error: { code, message, ...(field ? { field } : {}) } };
}
