import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStudioStore } from '../store/context';
import { channelHistory, type LiveChannels } from '../store/liveStore';

const COLORS = ['#7fd1a8', '#6fa8ff', '#ffb86b', '#ff6b9d', '#c49bff', '#ffe66b', '#6bffe6', '#ff8f6b'];

/** The node's channels over their recent history, with uPlot; redrawn from the live store, not through React. */
export function ChannelPlot({ id, width = 360, height = 220 }: { id: string; width?: number; height?: number }) {
  const store = useStudioStore();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let names = '';
    const draw = () => {
      const c = store.live.get(id)?.channels;
      if (!c) return;
      const key = c.names.join('\u0000');
      if (!plot || key !== names) {
        plot?.destroy();
        names = key;
        plot = new uPlot(options(c, width, height), toData(c), el);
      } else {
        plot.setData(toData(c));
      }
    };
    draw();
    const unsubscribe = store.live.subscribe(id, draw);
    return () => {
      unsubscribe();
      plot?.destroy();
    };
  }, [store, id, width, height]);

  return <div className="channel-plot" ref={host} data-testid={`plot-${id}`} />;
}

function options(c: LiveChannels, width: number, height: number): uPlot.Options {
  return {
    width,
    height,
    scales: { x: { time: false } },
    axes: [{ stroke: '#999' }, { stroke: '#999', size: 50 }],
    legend: { show: true },
    series: [{ label: 'sample' }, ...c.names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 1 }))],
  };
}

function toData(c: LiveChannels): uPlot.AlignedData {
  const xs = Array.from({ length: c.count }, (_, i) => i - c.count + 1);
  return [xs, ...c.names.map((_, i) => channelHistory(c, i))] as uPlot.AlignedData;
}

