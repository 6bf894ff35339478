/**
 * Korean identifiers that arrive as text: business registration numbers (사업자등록번호), mobile phone
 * numbers and bank account numbers. Each is validated once at the edge and kept in one canonical form.
 */
export type BusinessNumber = string & { readonly __brand: 'BusinessNumber' };
export type PhoneE164 = string & { readonly __brand: 'PhoneE164' };

const businessNumberWeights = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

/** Validates a business registration number by its check digit; canonical form is ten digits. */
export function parseBusinessNumber(text: string): BusinessNumber | undefined {
  const digits = text.replace(/[-\s]/g, '');
  if (!/^\d{10}$/.test(digits)) return undefined;
  const d = [...digits].map(Number);
  let sum = 0;
  businessNumberWeights.forEach((weight, i) => {
    sum += d[i]! * weight;
  });
  sum += Math.floor((d[8]! * 5) / 10);
  const check = (10 - (sum % 10)) % 10;
  return check === d[9] ? (digits as BusinessNumber) : undefined;
}

/** `1234567890` → `123-45-67890`, the way Koreans write it. */
export function formatBusinessNumber(number: BusinessNumber): string {
  return `${number.slice(0, 3)}-${number.slice(3, 5)}-${number.slice(5)}`;
}

const mobilePrefixes = ['10', '11', '16', '17', '18', '19'];

/** Normalises a Korean mobile number (`010-1234-5678`, `+82 10 1234 5678`) to E.164 (`+821012345678`). */
export function parseKoreanMobile(text: string): PhoneE164 | undefined {
  const compact = text.replace(/[-\s().]/g, '');
  let national: string;
  if (/^\+82\d+$/.test(compact)) national = compact.slice(3);
  else if (/^0082\d+$/.test(compact)) national = compact.slice(4);
  else if (/^0\d+$/.test(compact)) national = compact.slice(1);
  else return undefined;
  if (national.startsWith('0')) national = national.slice(1);
  if (!mobilePrefixes.includes(national.slice(0, 2))) return undefined;
  const subscriber = national.slice(2);
  if (national.startsWith('10') ? subscriber.length !== 8 : subscriber.length < 7 || subscriber.length > 8) {
    return undefined;
  }
  return `+82${national}` as PhoneE164;
}

/** `+821012345678` → `010-****-5678`: enough for a person to recognise their own number. */
export function maskPhone(phone: string): string {
  const national = phone.startsWith('+82') ? `0${phone.slice(3)}` : phone;
  return `${national.slice(0, 3)}-****-${national.slice(-4)}`;
}

/** `+821012345678` → `010-1234-5678`. */
export function formatPhoneNational(phone: string): string {
  const national = phone.startsWith('+82') ? `0${phone.slice(3)}` : phone;
  if (national.length === 11) return `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
  return `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
}

/** Korean bank codes (금융결제원 3-digit codes) of the banks Hado knows by name. */
export const koreanBankNames: Readonly<Record<string, { ko: string; en: string }>> = {
  '002': { ko: 'KDB산업은행', en: 'KDB' },
  '003': { ko: 'IBK기업은행', en: 'IBK' },
  '004': { ko: 'KB국민은행', en: 'KB Kookmin' },
  '007': { ko: '수협은행', en: 'Suhyup' },
  '011': { ko: 'NH농협은행', en: 'NongHyup' },
  '020': { ko: '우리은행', en: 'Woori' },
  '023': { ko: 'SC제일은행', en: 'SC First' },
  '027': { ko: '한국씨티은행', en: 'Citibank Korea' },
  '031': { ko: 'iM뱅크', en: 'iM Bank' },
  '032': { ko: '부산은행', en: 'Busan' },
  '034': { ko: '광주은행', en: 'Gwangju' },
  '035': { ko: '제주은행', en: 'Jeju' },
  '037': { ko: '전북은행', en: 'Jeonbuk' },
  '039': { ko: '경남은행', en: 'Kyongnam' },
  '045': { ko: '새마을금고', en: 'MG' },
  '048': { ko: '신협', en: 'Shinhyup' },
  '071': { ko: '우체국', en: 'Korea Post' },
  '081': { ko: '하나은행', en: 'Hana' },
  '088': { ko: '신한은행', en: 'Shinhan' },
  '089': { ko: '케이뱅크', en: 'K bank' },
  '090': { ko: '카카오뱅크', en: 'KakaoBank' },
  '092': { ko: '토스뱅크', en: 'Toss Bank' },
};

/** An account number is 10–16 digits once separators are removed; the bank code is checked separately. */
export function parseAccountNumber(text: string): string | undefined {
  const digits = text.replace(/[-\s]/g, '');
  return /^\d{10,16}$/.test(digits) ? digits : undefined;
}

export function maskAccountNumber(number: string): string {
  return `${'*'.repeat(Math.max(0, number.length - 4))}${number.slice(-4)}`;
}
