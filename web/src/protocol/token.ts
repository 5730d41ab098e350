// The start token: read once from the address (?token=… or #token=…), kept in sessionStorage, removed from the
// address bar so it does not end up in bookmarks, screenshots or the history.

const KEY = 'patchline.studio.token';

export function takeTokenFromLocation(
  loc: Pick<Location, 'href'> = window.location,
  storage: Storage = window.sessionStorage,
  history: Pick<History, 'replaceState' | 'state'> = window.history,
): string | null {
  const url = new URL(loc.href);
  let token = url.searchParams.get('token');
  let changed = false;
  if (token !== null) {
    url.searchParams.delete('token');
    changed = true;
  }
  if (url.hash.startsWith('#')) {
    const hash = new URLSearchParams(url.hash.slice(1));
    const fromHash = hash.get('token');
    if (fromHash !== null) {
      token = token ?? fromHash;
      hash.delete('token');
      const rest = hash.toString();
      url.hash = rest ? '#' + rest : '';
      changed = true;
    }
  }
  if (changed) {
    if (token) storage.setItem(KEY, token);
    const clean = url.pathname + (url.search === '?' ? '' : url.search) + url.hash;
    history.replaceState(history.state, '', clean);
  }
  return storage.getItem(KEY);
}

export function forgetToken(storage: Storage = window.sessionStorage): void {
  storage.removeItem(KEY);
}
