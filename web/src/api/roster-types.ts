import { ApiError } from './client.ts';

/** The worker roster import's answer (POST /api/v1/contracts/:id/workers/import). */
export type RosterError = { row: number; field: string | null; code: string; message: string };
export type RosterAnswer = {
  result: 'valid' | 'imported' | 'invalid';
  rows: number;
  created: number;
  exists: number;
  errors: RosterError[];
};

/** The roster's columns in template order (the server's `rosterColumns`): keys and Korean headers. */
export const rosterColumnKeys = [
  'name',
  'phone',
  'bankCode',
  'accountNumber',
  'holderName',
  'trade',
  'dailyWage',
  'startDate',
  'employer',
] as const;
export const rosterTemplateCsv = '이름,휴대전화,은행코드,계좌번호,예금주,직종,일당,시작일,고용업체\r\n';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Posts a roster file as the request body (the JSON client sends JSON only): same cookie, CSRF token and
 * language as every other call; a 422 `invalid` answer is returned, any other refusal thrown as ApiError.
 */
export async function uploadRoster(
  contractId: string,
  file: File,
  dryRun: boolean,
  locale: 'ko' | 'en',
): Promise<RosterAnswer> {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? xlsxContentType : 'text/csv';
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': locale,
    'content-type': type,
  };
  const token = localStorage.getItem('hado.csrf');
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(`/api/v1/contracts/${encodeURIComponent(contractId)}/workers/import?dryRun=${dryRun}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch (error) {
    throw new ApiError(0, 'network', String(error));
  }
  const payload = (await response.json().catch(() => undefined)) as
    | (Partial<RosterAnswer> & { error?: { code?: string; message?: string; field?: string } })
    | undefined;
  if (response.ok || payload?.result === 'invalid') return payload as RosterAnswer;
  throw new ApiError(
    response.status,
    payload?.error?.code ?? 'internal',
    payload?.error?.message ?? response.statusText,
    payload?.error?.field,
  );
}
