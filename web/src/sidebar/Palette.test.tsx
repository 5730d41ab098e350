import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { filterTypes, Palette } from './Palette';
import { setup } from '../test/render';
import { TYPES } from '../test/fixtures';

afterEach(cleanup);

describe('Palette', () => {
  it('lists every type with its summary and filters by words', () => {
    const { renderIn } = setup();
    renderIn(<Palette />);
    for (const t of TYPES) expect(screen.getByTestId(`palette-${t.id}`).textContent).toContain(t.summary!);
    fireEvent.change(screen.getByTestId('palette-search'), { target: { value: 'mqtt' } });
    expect(screen.queryByTestId('palette-table')).toBeNull();
    expect(screen.getByTestId('palette-mqttClient')).toBeTruthy();
  });

  it('ranks ids starting with the query first', () => {
    expect(filterTypes(TYPES, 'dat').map((t) => t.id)[0]).toBe('datTo');
  });
});
