import { memo, useLayoutEffect, useRef } from 'react';
import { HISTORY, type LiveChannels } from '../store/liveStore';

/** One channel's recent history drawn on a canvas (no React state per sample). */
export const Sparkline = memo(function Sparkline({
  channels,
  index,
  version,
  width = 64,
  height = 16,
}: {
  channels: LiveChannels;
  index: number;
  version: number;
  width?: number;
  height?: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) return;
    drawSparkline(ctx, channels, index, width, height);
  }, [channels, index, version, width, height]);
  return <canvas ref={ref} className="sparkline" width={width} height={height} />;
});

export function drawSparkline(
  ctx: CanvasRenderingContext2D,
  c: LiveChannels,
  index: number,
  width: number,
  height: number,
): void {
  ctx.clearRect(0, 0, width, height);
  const ring = c.history[index];
  if (!ring || c.count < 2) return;
  let min = Infinity;
  let max = -Infinity;
  const start = (c.head - c.count + HISTORY) % HISTORY;
  for (let i = 0; i < c.count; i++) {
    const v = ring[(start + i) % HISTORY];
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min)) return;
  const span = max - min || 1;
  ctx.strokeStyle = '#7fd1a8';
  ctx.lineWidth = 1;
  ctx.beginPath();
  let started = false;
  for (let i = 0; i < c.count; i++) {
    const v = ring[(start + i) % HISTORY];
    if (!Number.isFinite(v)) continue;
    const x = ((HISTORY - c.count + i) / (HISTORY - 1)) * (width - 1);
    const y = height - 1 - ((v - min) / span) * (height - 2);
    if (started) ctx.lineTo(x, y);
    else {
      ctx.moveTo(x, y);
      started = true;
    }
  }
  ctx.stroke();
}
