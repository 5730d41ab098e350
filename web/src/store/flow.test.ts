// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { inputFamily, tileData } from './flow';
import { TYPES } from '../test/fixtures';

const types = new Map(TYPES.map((t) => [t.id, t]));

describe('tileData', () => {
  it('reads an input that repeats as no limit, and each port\'s family', () => {
    const merge = tileData({ id: 'm', type: 'merge' }, types);
    expect(merge.maxInputs).toBe(Infinity);
    expect(inputFamily(merge, 5)).toBe('DAT');
    const chopTo = tileData({ id: 'c', type: 'chopTo' }, types);
    expect(chopTo.family).toBe('DAT');
    expect(inputFamily(chopTo, 0)).toBe('CHOP');
    expect(tileData({ id: 't', type: 'table' }, types).maxInputs).toBe(0);
  });

  it('takes the node\'s family for ports the descriptor does not list, and marks unknown types', () => {
    expect(inputFamily(tileData({ id: 's', type: 'select' }, types), 0)).toBe('DAT');
    expect(tileData({ id: 'x', type: 'nope' }, types)).toMatchObject({ known: false, family: '?', maxInputs: 0 });
  });
});
