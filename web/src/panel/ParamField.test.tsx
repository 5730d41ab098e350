import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParamField, type ParamFieldProps } from './ParamField';
import { helloGraph, TYPES } from '../test/fixtures';
import type { ParamDescriptor } from '../protocol/types';

afterEach(cleanup);

const mqtt = TYPES.find((t) => t.id === 'mqttClient')!;
const desc = (name: string): ParamDescriptor => mqtt.params.find((p) => p.name === name) ?? TYPES[1].params.find((p) => p.name === name)!;

function field(name: string, value: ParamFieldProps['value'], extra: Partial<ParamFieldProps> = {}) {
  const onSet = vi.fn();
  const onReset = vi.fn();
  render(
    <ParamField
      nodeId="n"
      desc={desc(name)}
      value={value}
      graph={helloGraph()}
      operatorFamily={() => 'DAT'}
      readonly={false}
      onSet={onSet}
      onReset={onReset}
      onPulse={() => {}}
      {...extra}
    />,
  );
  return { onSet, onReset, input: screen.getByTestId(`param-${name}`) as HTMLInputElement };
}

describe('ParamField', () => {
  it('a toggle sends the new boolean at once', () => {
    const { onSet, input } = field('active', undefined);
    expect(input.checked).toBe(true);
    fireEvent.click(input);
    expect(onSet).toHaveBeenCalledWith(false);
  });

  it('a menu offers the descriptor\'s entries', () => {
    const { onSet, input } = field('extractrows', 'byexpr');
    expect([...(input as unknown as HTMLSelectElement).options].map((o) => o.value)).toEqual(['all', 'byexpr']);
    fireEvent.change(input, { target: { value: 'all' } });
    expect(onSet).toHaveBeenCalledWith('all');
  });

  it('a number checks its kind and range before sending, on Enter', () => {
    const { onSet, input } = field('keepalive', 30);
    fireEvent.change(input, { target: { value: '70000' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSet).not.toHaveBeenCalled();
    expect(screen.getByText(/out of range 0 … 65535/)).toBeTruthy();
    fireEvent.change(input, { target: { value: '1.5' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByText(/not an integer/)).toBeTruthy();
    fireEvent.change(input, { target: { value: '120' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSet).toHaveBeenCalledWith(120);
    expect(screen.getByTestId('param-range-keepalive')).toBeTruthy();
  });

  it('a secret shows and sends only its environment variable reference', () => {
    const { onSet, input } = field('password', { env: 'MQTT_PASSWORD' });
    expect(input.value).toBe('MQTT_PASSWORD');
    fireEvent.change(input, { target: { value: 'OTHER' } });
    fireEvent.blur(input);
    expect(onSet).toHaveBeenCalledWith({ env: 'OTHER' });
  });

  it('expression mode edits the expression and sends {"expr": …}', () => {
    const { onSet } = field('rowexpr', { expr: 'a > 1' });
    const input = screen.getByTestId('param-rowexpr') as HTMLInputElement;
    expect(input.value).toBe('a > 1');
    expect((screen.getByTestId('param-mode-rowexpr') as HTMLSelectElement).value).toBe('expr');
    fireEvent.change(input, { target: { value: 'a > 2' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSet).toHaveBeenCalledWith({ expr: 'a > 2' });
  });

  it('switching to bind mode sends {"bind": …}', () => {
    const { onSet } = field('rowexpr', 'x');
    fireEvent.change(screen.getByTestId('param-mode-rowexpr'), { target: { value: 'bind' } });
    const input = screen.getByTestId('param-rowexpr') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'temps/kitchen' } });
    fireEvent.blur(input);
    expect(onSet).toHaveBeenCalledWith({ bind: 'temps/kitchen' });
  });

  it('a list edits records field by field and adds rows with the fields\' defaults', () => {
    const { onSet } = field('subscriptions', [{ topic: 'a/#', qos: 1 }]);
    const topic = screen.getByTestId('param-subscriptions-0-topic') as HTMLInputElement;
    fireEvent.change(topic, { target: { value: 'b/#' } });
    fireEvent.blur(topic);
    expect(onSet).toHaveBeenLastCalledWith([{ topic: 'b/#', qos: 1 }]);
    fireEvent.click(screen.getByTestId('param-add-subscriptions'));
    expect(onSet).toHaveBeenLastCalledWith([{ topic: 'a/#', qos: 1 }, { qos: 0 }]);
  });

  it('a dict edits values by key', () => {
    const { onSet } = field('columns', { value: '/value' });
    const v = screen.getByTestId('param-columns-value') as HTMLInputElement;
    fireEvent.change(v, { target: { value: '/v' } });
    fireEvent.blur(v);
    expect(onSet).toHaveBeenCalledWith({ value: '/v' });
  });

  it('shows the server\'s error for the field, and a reset when not at the default', () => {
    const { onReset } = field('keepalive', 30, { error: 'must be at most 65535' });
    expect(screen.getByTestId('param-error-keepalive').textContent).toBe('must be at most 65535');
    fireEvent.click(screen.getByTestId('param-reset-keepalive'));
    expect(onReset).toHaveBeenCalled();
  });

  it('read-only disables the widget and hides the mode and reset', () => {
    const { input } = field('keepalive', 30, { readonly: true });
    expect(input.disabled).toBe(true);
    expect(screen.queryByTestId('param-mode-keepalive')).toBeNull();
    expect(screen.queryByTestId('param-reset-keepalive')).toBeNull();
  });
});
