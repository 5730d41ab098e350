import { PROTO, type ClientMessage, type ServerMessage } from './types';
import type { StudioStore } from '../store/studio';

/** Close codes the server uses for a refused handshake; reconnecting would not help. */
export const CLOSE_BAD_TOKEN = 4401;
export const CLOSE_BAD_PROTO = 4400;

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

type SocketFactory = (url: string) => WebSocket;

/**
 * The page's WebSocket: sends `hello` with the token first, hands every frame to the store, and reconnects with
 * backoff when the socket drops (the server then sends a new snapshot, and the store asks again for its watches).
 */
export class Connection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly store: StudioStore,
    private readonly open: SocketFactory = (u) => new WebSocket(u),
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = null;
  }

  private connect(): void {
    this.store.setConnection('connecting', this.attempt > 0 ? `reconnecting (try ${this.attempt + 1})` : '');
    const ws = this.open(this.url);
    this.socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', proto: PROTO, token: this.token } satisfies ClientMessage));
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: ServerMessage;
      try {
        msg = JSON.parse(ev.data) as ServerMessage;
      } catch {
        this.store.localLog('warning', null, 'the server sent a frame that is not JSON; ignored');
        return;
      }
      if (msg.type === 'snapshot') {
        this.attempt = 0;
        this.store.attach((m) => this.sendNow(ws, m));
        this.store.setConnection('open');
      }
      this.store.handle(msg);
    };
    ws.onclose = (ev) => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.store.attach(null);
      if (this.stopped) return;
      if (ev.code === CLOSE_BAD_TOKEN || ev.code === CLOSE_BAD_PROTO) {
        this.store.setConnection('refused', ev.reason || (ev.code === CLOSE_BAD_TOKEN ? 'token refused' : 'protocol version refused'));
        return;
      }
      const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
      this.attempt++;
      this.store.setConnection('closed', `connection lost; retrying in ${Math.round(delay / 100) / 10} s`);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  private sendNow(ws: WebSocket, m: ClientMessage): boolean {
    if (ws.readyState !== 1) return false;
    ws.send(JSON.stringify(m));
    return true;
  }
}

/** The WebSocket address of the studio that served this page. */
export function socketUrl(loc: Pick<Location, 'protocol' | 'host' | 'pathname'> = window.location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const dir = loc.pathname.endsWith('/') ? loc.pathname : loc.pathname.replace(/[^/]*$/, '');
  return `${scheme}//${loc.host}${dir}ws`;
}
