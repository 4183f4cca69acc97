import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Access, accessOf, type Me } from './access.ts';
import { ApiError, api, onSessionLost, setCsrfToken } from './api.ts';

interface Session {
  /** undefined while the first /api/me is in flight; null when signed out. */
  me: Me | null | undefined;
  access: Access;
  /** Reads /api/me again (after login); resolves to the account or null. */
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
  /** Set when the server ended the session (idle timeout); the login page explains it. */
  expired: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const m = await api.get<Me>('/api/me', { quietUnauthenticated: true });
      setCsrfToken(m.csrfToken);
      setMe(m);
      setExpired(false);
      return m;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        setMe(null);
        return null;
      }
      throw e;
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { quietUnauthenticated: true });
    } finally {
      setCsrfToken(null);
      setMe(null);
      setExpired(false);
    }
  }, []);

  useEffect(() => {
    refresh().catch(() => setMe(null));
    return onSessionLost(() => {
      setCsrfToken(null);
      setMe((was) => {
        if (was) setExpired(true);
        return null;
      });
    });
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({ me, access: accessOf(me ?? null), refresh, logout, expired }),
    [me, refresh, logout, expired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in account; only inside routes that require a session. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}
