import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { logFormat } from '../src/startup';

describe('log and metrics settings', () => {
  it('default to info, no listener, and 127.0.0.1 when a port is given', () => {
    expect(loadConfig({}).log).toEqual({ level: 'info', format: 'auto' });
    expect(loadConfig({}).metrics).toEqual({ port: undefined, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
  });

  it.each([
    ['LOG_LEVEL', 'loud'],
    ['LOG_FORMAT', 'xml'],
    ['METRICS_PORT', '70000'],
    ['METRICS_PORT', 'nine'],
  ])('refuse %s=%s, naming the variable', (name, bad) => {
    expect(() => loadConfig({ [name]: bad })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: bad })).toThrow(new RegExp(`${name}: `));
  });

  it('write readable lines to a terminal and JSON lines elsewhere, unless told', () => {
    expect(logFormat('auto', true)).toBe('pretty');
    expect(logFormat('auto', false)).toBe('json');
    expect(logFormat('json', true)).toBe('json');
    expect(logFormat('pretty', false)).toBe('pretty');
  });
});
