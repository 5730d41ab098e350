// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { channelHistory, HISTORY, LiveStore } from './liveStore';
import { manualFrames, syncFrames } from '../test/fixtures';

describe('LiveStore tables', () => {
  it('a reset replaces the rows, appends add to them and keep only the last rows', () => {
    const live = new LiveStore(3, syncFrames);
    live.table('t', { reset: true, header: ['a'], firstSeq: 10, numRows: 2, rows: [['1'], ['2']] });
    expect(live.get('t')!.table).toEqual({ header: ['a'], rows: [['1'], ['2']], firstSeq: 10, numRows: 2 });

    live.table('t', { reset: false, firstSeq: 10, numRows: 4, append: [['3'], ['4']] });
    expect(live.get('t')!.table!.rows).toEqual([['2'], ['3'], ['4']]);
    expect(live.get('t')!.table!.numRows).toBe(4);

    live.table('t', { reset: true, header: ['b'], firstSeq: 20, numRows: 1, rows: [['x']] });
    expect(live.get('t')!.table).toEqual({ header: ['b'], rows: [['x']], firstSeq: 20, numRows: 1 });
  });

  it('an append larger than the view keeps its own last rows', () => {
    const live = new LiveStore(2, syncFrames);
    live.table('t', { reset: true, header: ['a'], rows: [['0']], numRows: 1 });
    live.table('t', { reset: false, append: [['1'], ['2'], ['3']], numRows: 4 });
    expect(live.get('t')!.table!.rows).toEqual([['2'], ['3']]);
  });
});

describe('LiveStore channels', () => {
  it('keeps each channel\'s history in a bounded ring, oldest first', () => {
    const live = new LiveStore(8, syncFrames);
    for (let i = 0; i < HISTORY + 5; i++) live.channels('c', ['x', 'y'], [i, -i]);
    const c = live.get('c')!.channels!;
    expect(c.values).toEqual([HISTORY + 4, -(HISTORY + 4)]);
    const xs = channelHistory(c, 0);
    expect(xs.length).toBe(HISTORY);
    expect(xs[0]).toBe(5);
    expect(xs[HISTORY - 1]).toBe(HISTORY + 4);
  });

  it('starts the history over when the channel names change, and reads null as not-a-number', () => {
    const live = new LiveStore(8, syncFrames);
    live.channels('c', ['x'], [1]);
    live.channels('c', ['x', 'y'], [2, null]);
    const c = live.get('c')!.channels!;
    expect(c.count).toBe(1);
    expect(Number.isNaN(c.values[1])).toBe(true);
  });
});

describe('LiveStore notifications', () => {
  it('tells a node\'s listeners once per animation frame, however many frames arrived, and only that node\'s', () => {
    const frames = manualFrames();
    const live = new LiveStore(8, frames.request);
    let a = 0;
    let b = 0;
    live.subscribe('a', () => a++);
    live.subscribe('b', () => b++);
    for (let i = 0; i < 50; i++) live.channels('a', ['x'], [i]);
    expect(a).toBe(0);
    expect(frames.pending).toBe(1);
    const v = live.version('a');
    frames.flush();
    expect(a).toBe(1);
    expect(b).toBe(0);
    expect(live.version('a')).toBe(v + 1);
    expect(live.version('b')).toBe(0);
  });
});
