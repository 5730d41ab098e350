import { Emitter, FrameCoalescer } from './emitter';
import type { LogItem, MessageItem } from '../protocol/types';

// The messages sidebar's and the log panel's data: bounded scrollback, listeners told once per animation frame.

export class BoundedFeed<T> {
  private items: T[] = [];
  private readonly emitter = new Emitter();
  private readonly coalescer: FrameCoalescer;
  private versionNo = 0;

  constructor(
    readonly limit: number,
    requestFrame?: (cb: () => void) => unknown,
  ) {
    this.coalescer = new FrameCoalescer(() => {
      this.versionNo++;
      this.emitter.emit();
    }, requestFrame);
  }

  subscribe = (l: () => void) => this.emitter.subscribe(l);
  version = () => this.versionNo;

  /** The items, oldest first; a new array after each change. */
  all(): readonly T[] {
    return this.items;
  }

  add(items: T[]): void {
    if (items.length === 0) return;
    const next = this.items.concat(items);
    this.items = next.length > this.limit ? next.slice(next.length - this.limit) : next;
    this.coalescer.schedule();
  }

  clear(): void {
    this.items = [];
    this.coalescer.schedule();
  }

  protected changed(): void {
    this.coalescer.schedule();
  }
}

/** Messages of tapped nodes; while paused, new messages are dropped and counted. */
export class MessageFeed extends BoundedFeed<MessageItem> {
  paused = false;
  droppedWhilePaused = 0;

  receive(items: MessageItem[]): void {
    if (this.paused) {
      this.droppedWhilePaused += items.length;
      this.changed();
      return;
    }
    this.add(items);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.droppedWhilePaused = 0;
    this.changed();
  }
}

export type LogFeed = BoundedFeed<LogItem>;

/** True when `topic` matches the filter: an MQTT filter with + and # when it has them, a substring otherwise. */
export function topicMatches(filter: string, topic: string | undefined): boolean {
  const f = filter.trim();
  if (!f) return true;
  const t = topic ?? '';
  if (!f.includes('+') && !f.includes('#')) return t.includes(f);
  const fl = f.split('/');
  const tl = t.split('/');
  for (let i = 0; i < fl.length; i++) {
    if (fl[i] === '#') return true;
    if (i >= tl.length) return false;
    if (fl[i] !== '+' && fl[i] !== tl[i]) return false;
  }
  return fl.length === tl.length;
}
