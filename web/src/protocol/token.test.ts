import { beforeEach, describe, expect, it } from 'vitest';
import { forgetToken, takeTokenFromLocation } from './token';

function fakeHistory() {
  const calls: string[] = [];
  return { calls, state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => calls.push(String(url)) };
}

describe('takeTokenFromLocation', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  it('moves ?token= into sessionStorage and strips it from the address', () => {
    const h = fakeHistory();
    const token = takeTokenFromLocation({ href: 'http://127.0.0.1:8080/?token=abc123&x=1#n' }, sessionStorage, h);
    expect(token).toBe('abc123');
    expect(sessionStorage.getItem('patchline.studio.token')).toBe('abc123');
    expect(h.calls).toEqual(['/?x=1#n']);
  });

  it('takes a #token= fragment too', () => {
    const h = fakeHistory();
    expect(takeTokenFromLocation({ href: 'http://127.0.0.1:8080/#token=frag' }, sessionStorage, h)).toBe('frag');
    expect(h.calls).toEqual(['/']);
  });

  it('keeps the stored token across a reload without one in the address, and leaves the address alone', () => {
    sessionStorage.setItem('patchline.studio.token', 'kept');
    const h = fakeHistory();
    expect(takeTokenFromLocation({ href: 'http://127.0.0.1:8080/' }, sessionStorage, h)).toBe('kept');
    expect(h.calls).toEqual([]);
  });

  it('has no token when neither the address nor the session has one', () => {
    forgetToken(sessionStorage);
    expect(takeTokenFromLocation({ href: 'http://127.0.0.1:8080/' }, sessionStorage, fakeHistory())).toBeNull();
  });
});
