import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../../config';

export const REFRESH_COOKIE = 'iris_refresh';
const PATH = '/v1/auth';

/** The browser keeps the refresh token where scripts cannot read it; the access token stays in memory. */
export function setRefreshCookie(c: Context, config: Config, token: string, expiresAt: Date) {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: config.http.publicUrl.startsWith('https://'),
    path: PATH,
    expires: expiresAt,
  });
}

export const readRefreshCookie = (c: Context) => getCookie(c, REFRESH_COOKIE);
export const clearRefreshCookie = (c: Context) => deleteCookie(c, REFRESH_COOKIE, { path: PATH });
