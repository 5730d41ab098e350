import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK, ROW_HEIGHT, VirtualTable } from './VirtualTable';
import { setup } from '../test/render';
import type { ClientMessage } from '../protocol/types';

afterEach(cleanup);

describe('VirtualTable', () => {
  it('puts only the rows in view in the DOM and fetches them in blocks as it scrolls', async () => {
    const { store, sent, renderIn } = setup();
    const answer = () => {
      for (const m of sent.splice(0)) {
        if (m.type !== 'rows') continue;
        const rows = Array.from({ length: m.count }, (_, i) => [`r${m.from + i}`, String(m.from + i)]);
        act(() => store.handle({ type: 'rows', reqId: m.reqId, id: m.id, from: m.from, numRows: 10000, header: ['name', 'n'], rows }));
      }
    };
    act(() => store.live.table('rooms', { reset: true, header: ['name', 'n'], numRows: 10000, firstSeq: 0, rows: [] }));
    renderIn(<VirtualTable id="rooms" height={440} />);
    const rowsSent = () => sent.filter((m): m is Extract<ClientMessage, { type: 'rows' }> => m.type === 'rows');
    await waitFor(() => expect(rowsSent().length).toBeGreaterThan(0));
    expect(rowsSent()[0]).toMatchObject({ id: 'rooms', from: 0, count: BLOCK });
    answer();
    await waitFor(() => expect(screen.getByTestId('cell-rooms-0-0').textContent).toBe('r0'));
    expect(document.querySelectorAll('.vrow').length).toBeLessThan(60);

    const scroller = screen.getByTestId('table-scroll-rooms');
    scroller.scrollTop = 9000 * ROW_HEIGHT;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rowsSent().some((m) => m.from === 9000 - (9000 % BLOCK))).toBe(true));
    answer();
    await waitFor(() => expect(screen.getByTestId('cell-rooms-9005-0').textContent).toBe('r9005'));
    expect(document.querySelectorAll('.vrow').length).toBeLessThan(60);
  });
});
