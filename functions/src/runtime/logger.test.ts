import { describe, expect, it } from 'vitest';
import { createLogger, type LogEntry, logSink, minimumLevel } from './logger.ts';

describe('the one logger', () => {
  it('writes structured entries with the level, the message and the child’s fields', () => {
    // Prepare
    const lines: LogEntry[] = [];
    const log = createLogger((e) => lines.push(e), { job: 'deadlines' });
    // Act
    log.child({ cityId: 'sfax' }).info('city done', { reminders: 2 });
    log.error('failed');
    // Assess
    expect(lines).toEqual([
      { level: 'info', msg: 'city done', job: 'deadlines', cityId: 'sfax', reminders: 2 },
      { level: 'error', msg: 'failed', job: 'deadlines' },
    ]);
  });

  it('has one level switch, LOG_LEVEL, and only errors under vitest unless it is set', () => {
    expect(minimumLevel({ LOG_LEVEL: 'DEBUG' })).toBe(10);
    expect(minimumLevel({ LOG_LEVEL: 'warn' })).toBe(30);
    expect(minimumLevel({})).toBe(20);
    expect(minimumLevel({ VITEST: 'true' })).toBe(40);
    expect(minimumLevel({ LOG_LEVEL: 'silent' })).toBeUndefined();
    expect(logSink({ LOG_LEVEL: 'off' })).toBeUndefined();
    expect(createLogger(undefined).sink).toBeUndefined();
  });
});
