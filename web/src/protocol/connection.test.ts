// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { Connection, CLOSE_BAD_TOKEN, socketUrl } from './connection';
import { StudioStore } from '../store/studio';
import { helloGraph, syncFrames, TYPES } from '../test/fixtures';

class FakeSocket {
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  send(s: string) {
    this.sent.push(s);
  }
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(m: object) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
}

function start() {
  const sockets: FakeSocket[] = [];
  const store = new StudioStore({ requestFrame: syncFrames });
  const conn = new Connection('ws://h/ws', 'tok', store, () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s as unknown as WebSocket;
  });
  conn.start();
  return { sockets, store, conn };
}

describe('Connection', () => {
  it('sends hello with the token first, then goes live on the snapshot', () => {
    const { sockets, store } = start();
    sockets[0].open();
    expect(JSON.parse(sockets[0].sent[0])).toEqual({ type: 'hello', proto: 1, token: 'tok' });
    expect(store.getState().conn).toBe('connecting');
    sockets[0].receive({ type: 'snapshot', rev: 1, graph: helloGraph(), types: TYPES, nodes: {} });
    expect(store.getState().conn).toBe('open');
    expect(store.getState().nodes.length).toBe(3);
  });

  it('reconnects with backoff after a drop, and re-sends its watches', () => {
    vi.useFakeTimers();
    try {
      const { sockets, store } = start();
      sockets[0].open();
      sockets[0].receive({ type: 'snapshot', rev: 1, graph: helloGraph(), types: TYPES, nodes: {} });
      store.setWatched(['rooms']);
      sockets[0].onclose!({ code: 1006, reason: '' });
      expect(store.getState().conn).toBe('closed');
      vi.advanceTimersByTime(499);
      expect(sockets.length).toBe(1);
      vi.advanceTimersByTime(1);
      expect(sockets.length).toBe(2);
      sockets[1].open();
      sockets[1].receive({ type: 'snapshot', rev: 2, graph: helloGraph(), types: TYPES, nodes: {} });
      expect(sockets[1].sent.map((s) => JSON.parse(s))).toContainEqual({ type: 'watch', id: 'rooms', rows: 8 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops on a refused token instead of retrying', () => {
    vi.useFakeTimers();
    try {
      const { sockets, store } = start();
      sockets[0].open();
      sockets[0].onclose!({ code: CLOSE_BAD_TOKEN, reason: 'bad token' });
      vi.advanceTimersByTime(60_000);
      expect(sockets.length).toBe(1);
      expect(store.getState()).toMatchObject({ conn: 'refused', connMessage: 'bad token' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('derives the socket address from the page address', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:9', pathname: '/' })).toBe('ws://127.0.0.1:9/ws');
    expect(socketUrl({ protocol: 'https:', host: 'h', pathname: '/studio/index.html' })).toBe('wss://h/studio/ws');
  });
});
