/** A listener set; `emit` calls each listener once. */
export class Emitter {
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** Runs a callback at most once per animation frame, however often `schedule` is called in between. */
export class FrameCoalescer {
  private pending = false;

  constructor(
    private readonly flush: () => void,
    private readonly requestFrame: (cb: () => void) => unknown = defaultRequestFrame,
  ) {}

  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.requestFrame(() => {
      this.pending = false;
      this.flush();
    });
  }
}

function defaultRequestFrame(cb: () => void): unknown {
  // A hidden tab gets no animation frames; a timer keeps the stores bounded and current there.
  if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return setTimeout(cb, 100);
  if (typeof requestAnimationFrame === 'function') return requestAnimationFrame(() => cb());
  return setTimeout(cb, 16);
}
