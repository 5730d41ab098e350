import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { StudioContext } from '../store/context';
import { StudioStore } from '../store/studio';
import type { ClientMessage } from '../protocol/types';
import { helloGraph, syncFrames, TYPES } from './fixtures';

/** A connected store with the hello graph, the messages it sent, and a render bound to it. */
export function setup() {
  const store = new StudioStore({ requestFrame: syncFrames });
  const sent: ClientMessage[] = [];
  store.attach((m) => {
    sent.push(m);
    return true;
  });
  store.handle({ type: 'snapshot', rev: 1, graph: helloGraph(), types: TYPES, nodes: {} });
  const renderIn = (ui: ReactNode) => render(<StudioContext.Provider value={store}>{ui}</StudioContext.Provider>);
  return { store, sent, renderIn };
}
