import type { Graph, TypeDescriptor } from '../protocol/types';

export const TYPES: TypeDescriptor[] = [
  {
    id: 'table',
    family: 'DAT',
    label: 'Table',
    summary: 'A table from inline CSV or a file.',
    doc: 'table: a table from inline CSV or a file.',
    inputs: { min: 0, max: 0 },
    params: [{ name: 'data', label: 'Data', kind: 'string', default: '' }],
  },
  {
    id: 'select',
    family: 'DAT',
    label: 'Select',
    summary: 'Rows and columns of its input.',
    inputs: { min: 1, max: 1 },
    params: [
      { name: 'extractrows', label: 'Extract Rows', kind: 'menu', default: 'all', menu: [{ name: 'all', label: 'All' }, { name: 'byexpr', label: 'By Expression' }] },
      { name: 'rowexpr', label: 'Row Expression', kind: 'string', default: '' },
    ],
  },
  {
    id: 'merge',
    family: 'DAT',
    label: 'Merge',
    summary: 'Tables one after another.',
    inputs: { min: 1, max: null, families: ['DAT'] },
    params: [],
  },
  {
    id: 'chopTo',
    family: 'DAT',
    label: 'CHOP to',
    summary: 'Channels as a table.',
    inputs: { min: 1, max: 1, families: ['CHOP'] },
    params: [],
  },
  {
    id: 'datTo',
    family: 'CHOP',
    label: 'DAT to',
    summary: 'Channels from a table.',
    inputs: { min: 1, max: 1 },
    params: [],
  },
  {
    id: 'mqttClient',
    family: 'DAT',
    label: 'MQTT Client',
    summary: 'Subscribes and publishes over MQTT.',
    inputs: { min: 0, max: 1 },
    callbacks: ['onMessage'],
    params: [
      { name: 'active', label: 'Active', kind: 'boolean', default: true },
      { name: 'keepalive', label: 'Keep Alive', kind: 'integer', default: 60, min: 0, max: 65535 },
      { name: 'password', label: 'Password', kind: 'secret' },
      {
        name: 'subscriptions',
        label: 'Subscriptions',
        kind: 'list',
        fields: [
          { name: 'topic', kind: 'string' },
          { name: 'qos', kind: 'integer', default: 0 },
        ],
      },
      { name: 'columns', label: 'Columns', kind: 'dict' },
    ],
  },
];

export function helloGraph(): Graph {
  return {
    patchline: 1,
    nodes: [
      { id: 'rooms', type: 'table', x: 0, y: 0, params: { data: 'room,temp\nkitchen,21.5' } },
      { id: 'warm', type: 'select', inputs: ['rooms'], x: 300, y: 0, params: { extractrows: 'byexpr' } },
      { id: 'temps', type: 'datTo', inputs: ['warm'], x: 600, y: 0 },
    ],
  };
}

/** Runs animation-frame callbacks only when `flush` is called. */
export function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    request: (cb: () => void) => queue.push(cb),
    flush: () => {
      const q = queue.splice(0);
      q.forEach((cb) => cb());
    },
    get pending() {
      return queue.length;
    },
  };
}

export const syncFrames = (cb: () => void) => cb();
