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
  not_ready: { status: 503, ko: '서버가 준비 중입니다', en: 'The server is not ready' },
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
