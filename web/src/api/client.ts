import type { Page } from './types.ts';

/**
 * The one way the web application talks to the API: same-origin fetch with the session cookie, the
 * CSRF token on unsafe requests, the chosen language (the API words its messages in it), and every
 * refusal turned into an ApiError carrying the API's `{ error: { code, message, field } }`.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Dispatched on window when the API answers that the caller must enrol two-factor sign-in first. */
export const totpEnrolmentRequiredEvent = 'hado:totp-enrolment-required';

/** The CSRF token lives as long as the session; kept per browser so a second tab can write too. */
const csrfStorageKey = 'hado.csrf';
/** Pages of a list fetched for one screen before it says the list is cut short. */
export const listPagesMax = 20;
export const pageSize = 200;

let locale: 'ko' | 'en' = 'ko';
let onUnauthenticated: () => void = () => {};

export const api = {
  setLocale(next: 'ko' | 'en') {
    locale = next;
  },
  /** Called when a signed-in request comes back 401: the session ended (idle, expired, signed out). */
  onUnauthenticated(handler: () => void) {
    onUnauthenticated = handler;
  },
  setCsrfToken(token: string | undefined) {
    if (token) localStorage.setItem(csrfStorageKey, token);
    else localStorage.removeItem(csrfStorageKey);
  },
  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return request<T>('GET', path, undefined, signal);
  },
  post<T>(path: string, body: unknown): Promise<T> {
    return request<T>('POST', path, body);
  },
  put<T>(path: string, body: unknown): Promise<T> {
    return request<T>('PUT', path, body);
  },
  /** Every page of a keyset-paged list (`{ items, nextAfter }`), up to listPagesMax pages. */
  async list<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let after: string | null = null;
    for (let page = 0; page < listPagesMax; page += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const query: string = `${separator}limit=${pageSize}${after ? `&after=${after}` : ''}`;
      const result: Page<T> = await request<Page<T>>('GET', `${path}${query}`, undefined, signal);
      items.push(...result.items);
      if (!result.nextAfter) return items;
      after = result.nextAfter;
    }
    return items;
  },
};

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = localStorage.getItem(csrfStorageKey);
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network', String(error));
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  const error = (payload as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
  const failure = new ApiError(
    response.status,
    error?.code ?? 'internal',
    error?.message ?? response.statusText,
    error?.field,
  );
  // A wrong two-factor code is a 401 too, but the session lives on.
  const sessionEnded = response.status === 401 && failure.code !== 'totp_invalid' && failure.code !== 'totp_required';
  if (sessionEnded && path !== '/api/v1/auth/login' && path !== '/api/v1/auth/me') onUnauthenticated();
  // Officials, banks and admins must enrol two-factor sign-in first: the shell takes them to the enrolment screen.
  if (failure.code === 'totp_enrollment_required') window.dispatchEvent(new Event(totpEnrolmentRequiredEvent));
  throw failure;
}
