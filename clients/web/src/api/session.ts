// The signed-in session. A single-page app has to keep its OAuth tokens somewhere the page can read: the access
// and refresh tokens (and nothing else) live in localStorage under one key, so a reload or a second tab stays signed
// in. Refresh tokens rotate on use and a token used twice revokes the session, so refreshes are serialized across
// tabs with the Web Locks API: whoever gets the lock second finds the rotated tokens already saved and uses them.
import type { TokenResponse } from "./types";

const storageKey = "voiceflow.session";
const refreshMargin = 60_000;

export interface Session { accessToken: string; refreshToken: string; expiresAt: number }

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function currentSession(): Session | null {
  try {
    const raw = localStorage.getItem(storageKey);
    const parsed = raw ? (JSON.parse(raw) as Session) : null;
    return parsed?.accessToken && parsed.refreshToken ? parsed : null;
  } catch {
    return null;
  }
}

export function saveTokens(tokens: TokenResponse): Session {
  const session: Session = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
  };
  localStorage.setItem(storageKey, JSON.stringify(session));
  notify(session);
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(storageKey);
  notify(null);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(session: Session | null): void {
  for (const listener of listeners) listener(session);
}

// Another tab signed in, refreshed or signed out.
window.addEventListener("storage", (event) => {
  if (event.key === storageKey) notify(currentSession());
});

let inFlight: Promise<Session | null> | null = null;

/**
 * Exchanges the refresh token for new tokens once, however many callers ask at the same time. `rejected` is an
 * access token the server refused as expired (clocks disagree): a session that still holds it is refreshed even
 * if it looks fresh here.
 */
export function refreshSession(rejected?: string): Promise<Session | null> {
  inFlight ??= withLock(async () => {
    const before = currentSession();
    if (!before) return null;
    // Fresh, and not the token the server refused: another tab refreshed while this one waited for the lock.
    if (before.expiresAt - Date.now() > refreshMargin && before.accessToken !== rejected) return before;
    const response = await fetch("/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: before.refreshToken }),
    });
    if (response.ok) return saveTokens((await response.json()) as TokenResponse);
    if (response.status === 401 || response.status === 400) {
      // Only give up the session if nobody rotated it in the meantime.
      if (currentSession()?.refreshToken === before.refreshToken) clearSession();
      return currentSession();
    }
    throw new Error(`Refreshing the session failed (${response.status}).`);
  }).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  return navigator.locks ? navigator.locks.request("voiceflow.refresh", work) : work();
}

/** A valid access token, refreshed first when it is about to expire; null when signed out. */
export async function accessToken(): Promise<string | null> {
  const session = currentSession();
  if (!session) return null;
  if (session.expiresAt - Date.now() > refreshMargin) return session.accessToken;
  return (await refreshSession())?.accessToken ?? null;
}
