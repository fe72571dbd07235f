/**
 * The signed-in session. The access token lives in memory only; the refresh token in
 * localStorage so that a reload keeps the user signed in. accounts rotates refresh tokens: each
 * refresh returns a new one and presenting a used one again ends the whole session, so refreshes
 * are single-flight (every caller waiting at once shares one refreshSession call).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  LoginDocument,
  LogoutDocument,
  RefreshSessionDocument,
  RegisterDocument,
  type SessionFragment,
} from './generated/graphql';
import { graphqlUrls } from './urls';

const STORAGE_KEY = 'doctorpy.refreshToken';
/** Refresh this long before the access token expires, so a request never leaves with a stale one. */
const EARLY_MS = 30_000;

export type SessionUser = SessionFragment['user'];

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** One GraphQL call over fetch, outside Apollo: the session's own mutations must not wait for a token. */
export async function request<R, V extends Record<string, unknown>>(
  document: TypedDocumentNode<R, V>,
  variables: V,
  token?: string,
): Promise<R> {
  const response = await fetch(graphqlUrls().http, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: R; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const [error] = body.errors ?? [];
  if (error || !body.data) throw new GraphQLRequestError(error?.message ?? `HTTP ${response.status}`, error?.extensions?.code);
  return body.data;
}

type Listener = (user: SessionUser | undefined) => void;

export class Session {
  private accessToken: string | undefined;
  private expiresAt = 0;
  private refreshing: Promise<string | undefined> | undefined;
  private listeners = new Set<Listener>();
  user: SessionUser | undefined;

  get hasRefreshToken(): boolean {
    return localStorage.getItem(STORAGE_KEY) !== null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(email: string, password: string): Promise<void> {
    this.apply((await request(LoginDocument, { input: { email, password } })).login);
  }

  async register(email: string, password: string, displayName: string): Promise<void> {
    this.apply((await request(RegisterDocument, { input: { email, password, displayName } })).register);
  }

  async logout(): Promise<void> {
    const refreshToken = localStorage.getItem(STORAGE_KEY);
    this.clear();
    if (refreshToken) await request(LogoutDocument, { refreshToken }).catch(() => undefined);
  }

  /** A valid access token (refreshed first when it is about to expire), or none when signed out. */
  async token(): Promise<string | undefined> {
    if (this.accessToken && Date.now() < this.expiresAt - EARLY_MS) return this.accessToken;
    return this.refresh();
  }

  /** Exchanges the refresh token for new tokens; one exchange at a time. */
  refresh(): Promise<string | undefined> {
    this.refreshing ??= this.exchange().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async exchange(): Promise<string | undefined> {
    const refreshToken = localStorage.getItem(STORAGE_KEY);
    if (!refreshToken) return undefined;
    try {
      this.apply((await request(RefreshSessionDocument, { refreshToken })).refreshSession);
      return this.accessToken;
    } catch (error) {
      // A refused token (expired, reused, session ended) signs out; a network failure keeps it for later.
      if (error instanceof GraphQLRequestError) this.clear();
      return undefined;
    }
  }

  private apply(payload: SessionFragment): void {
    const userChanged = this.user?.id !== payload.user.id;
    this.accessToken = payload.accessToken;
    this.expiresAt = Date.now() + payload.expiresIn * 1000;
    localStorage.setItem(STORAGE_KEY, payload.refreshToken);
    this.user = payload.user;
    if (userChanged) this.emit();
  }

  private clear(): void {
    this.accessToken = undefined;
    this.expiresAt = 0;
    localStorage.removeItem(STORAGE_KEY);
    this.user = undefined;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.user);
  }
}
