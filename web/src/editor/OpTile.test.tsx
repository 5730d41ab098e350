import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/react';
import { ChopViewer, DatViewer, TileFooter } from './OpTile';
import { setup } from '../test/render';

afterEach(cleanup);

describe('tile viewers', () => {
  it('a DAT viewer shows the header and the last rows, and follows appended rows', () => {
    const { store, renderIn } = setup();
    store.setWatched(['rooms']);
    renderIn(<DatViewer id="rooms" />);
    act(() => store.live.table('rooms', { reset: true, header: ['room', 'temp'], numRows: 1, firstSeq: 0, rows: [['kitchen', '21.5']] }));
    expect(screen.getByText('room')).toBeTruthy();
    expect(screen.getByTestId('tile-cell-rooms-0-0').textContent).toBe('kitchen');
    act(() => store.live.table('rooms', { reset: false, numRows: 2, append: [['hall', '19.0']] }));
    expect(screen.getByTestId('tile-cell-rooms-1-1').textContent).toBe('19.0');
    expect(screen.getByText('2 rows')).toBeTruthy();
  });

  it('a CHOP viewer shows each channel with its value and a sparkline canvas', () => {
    const { store, renderIn } = setup();
    const { container } = renderIn(<ChopViewer id="temps" />);
    act(() => store.live.channels('temps', ['kitchen', 'studio'], [21.5, 23.25]));
    expect(screen.getByTestId('chan-temps-kitchen').textContent).toBe('21.500');
    expect(screen.getByTestId('chan-temps-studio').textContent).toBe('23.250');
    expect(container.querySelectorAll('canvas.sparkline').length).toBe(2);
  });

  it('the footer shows the state, its message and the cook time', () => {
    const { store, renderIn } = setup();
    renderIn(<TileFooter id="warm" family="DAT" />);
    act(() => store.live.mergeStates({ warm: { state: 'error', message: 'no such column temp', cookMs: 0.5, rowsPerSec: 12 } }));
    const foot = screen.getByTestId('tile-state-warm');
    expect(foot.dataset.state).toBe('error');
    expect(foot.textContent).toContain('no such column temp');
    expect(foot.textContent).toContain('0.50 ms');
    act(() => store.live.mergeStates({ warm: { state: 'ok', message: '' } }));
    expect(foot.textContent).toContain('12 rows/s');
  });
});
