import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { setup } from './test/render';

afterEach(cleanup);

describe('App', () => {
  it('shows the graph\'s tiles, the palette and the file; a tile click opens its panel with the docs', async () => {
    const { store, renderIn } = setup();
    act(() => store.setConnection('open'));
    renderIn(<App />);
    for (const id of ['rooms', 'warm', 'temps']) await screen.findByTestId(`tile-${id}`);
    expect(screen.getByTestId('palette-select')).toBeTruthy();
    act(() => store.select('rooms'));
    await screen.findByTestId('node-panel');
    fireEvent.click(screen.getByTestId('tab-docs'));
    expect(screen.getByTestId('docs').textContent).toContain('a table from inline CSV');
  });

  it('read-only hides the palette and the save button', async () => {
    const { store, renderIn } = setup();
    act(() => store.handle({ type: 'hello', proto: 1, readonly: true }));
    renderIn(<App />);
    await screen.findByTestId('tile-rooms');
    expect(screen.queryByTestId('palette')).toBeNull();
    expect(screen.queryByTestId('save')).toBeNull();
    expect(screen.getByTestId('readonly')).toBeTruthy();
  });

  it('a refused token shows why instead of the editor', async () => {
    const { store, renderIn } = setup();
    act(() => store.setConnection('refused', 'token refused'));
    renderIn(<App />);
    await waitFor(() => expect(screen.getByTestId('refused').textContent).toContain('token refused'));
  });
});
