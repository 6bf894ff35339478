import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from './api/client.ts';
import type { Bank, Buyer, Firm, Health, Me } from './api/types.ts';

/** The party a signed-in person acts for: a buyer, a firm or a bank, by name in both languages. */
export type Party = { name: string; nameEn: string | null };

export type Session =
  | { status: 'loading' }
  | { status: 'signed_out'; ended?: boolean }
  | { status: 'signed_in'; me: Me; party: Party | undefined };

type SessionApi = {
  session: Session;
  demo: boolean;
  /** Signs in; `totpCode` is the authenticator app's code, for people who enrolled two-factor sign-in. */
  signIn(login: string, password: string, totpCode?: string): Promise<void>;
  signOut(): Promise<void>;
};

const SessionContext = createContext<SessionApi | undefined>(undefined);

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person, for screens that only render when signed in. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'signed_in') throw new Error('useMe while signed out');
  return session.me;
}

async function partyOf(me: Me): Promise<Party | undefined> {
  if (me.buyerId) {
    const buyers = await api.list<Buyer>('/api/v1/buyers');
    return buyers.find((buyer) => buyer.id === me.buyerId);
  }
  if (me.firmId) {
    const firms = await api.list<Firm>('/api/v1/firms');
    return firms.find((firm) => firm.id === me.firmId);
  }
  if (me.bankId) {
    const banks = await api.get<{ items: Bank[] }>('/api/v1/banks');
    return banks.items.find((bank) => bank.id === me.bankId);
  }
  return undefined;
}

async function loadSession(): Promise<Session> {
  try {
    const me = await api.get<Me>('/api/v1/auth/me');
    return { status: 'signed_in', me, party: await partyOf(me).catch(() => undefined) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { status: 'signed_out' };
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'loading' });
  const [demo, setDemo] = useState(false);

  useEffect(() => {
    api.onUnauthenticated(() => {
      api.setCsrfToken(undefined);
      setSession({ status: 'signed_out', ended: true });
    });
    loadSession()
      .then(setSession)
      .catch(() => setSession({ status: 'signed_out' }));
    fetch('/health')
      .then((response) => response.json() as Promise<Health>)
      .then((health) => setDemo(health.demo === true))
      .catch(() => {});
  }, []);

  const signIn = useCallback(async (login: string, password: string, totpCode?: string) => {
    const result = await api.post<{ csrfToken: string; role: string }>('/api/v1/auth/login', {
      login,
      password,
      ...(totpCode ? { totpCode } : {}),
    });
    api.setCsrfToken(result.csrfToken);
    setSession(await loadSession());
  }, []);

  const signOut = useCallback(async () => {
    await api.post('/api/v1/auth/logout', {}).catch(() => undefined);
    api.setCsrfToken(undefined);
    setSession({ status: 'signed_out' });
  }, []);

  const value = useMemo(() => ({ session, demo, signIn, signOut }), [session, demo, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
