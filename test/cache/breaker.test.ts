/** The circuit breaker's state machine, on a controlled clock. */
import { describe, expect, it } from 'vitest';
import { BreakerOpenError, CircuitBreaker } from '../../src/cache/stores/breaker.js';

function setup(threshold = 3, cooldownMs = 1_000) {
  let now = 0;
  const events: string[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: threshold,
    cooldownMs,
    now: () => now,
    onOpen: () => events.push('open'),
    onClose: () => events.push('close'),
  });
  const fail = () => breaker.run(() => Promise.reject(new Error('boom')));
  const ok = () => breaker.run(() => Promise.resolve('ok'));
  return { breaker, events, fail, ok, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, and a success resets the count', async () => {
    const { breaker, events, fail, ok } = setup(3);
    await expect(fail()).rejects.toThrow('boom');
    await expect(fail()).rejects.toThrow('boom');
    await ok();
    await expect(fail()).rejects.toThrow('boom');
    await expect(fail()).rejects.toThrow('boom');
    expect(breaker.state).toBe('closed');
    await expect(fail()).rejects.toThrow('boom');
    expect(breaker.state).toBe('open');
    expect(events).toEqual(['open']);
  });

  it('refuses calls while open without running them', async () => {
    const { fail, breaker } = setup(1);
    await expect(fail()).rejects.toThrow('boom');
    let ran = false;
    await expect(
      breaker.run(async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(BreakerOpenError);
    expect(ran).toBe(false);
  });

  it('lets exactly one probe through after the cool-down; a failed probe re-opens silently', async () => {
    const { breaker, events, fail, advance } = setup(1, 1_000);
    await expect(fail()).rejects.toThrow('boom');
    advance(999);
    await expect(fail()).rejects.toBeInstanceOf(BreakerOpenError);
    advance(1);
    expect(breaker.state).toBe('half-open');
    let release!: () => void;
    const probe = breaker.run(
      () => new Promise<void>((_, reject) => (release = () => reject(new Error('still down')))),
    );
    // While the probe is out, everyone else is refused.
    await expect(breaker.run(() => Promise.resolve(1))).rejects.toBeInstanceOf(BreakerOpenError);
    release();
    await expect(probe).rejects.toThrow('still down');
    expect(breaker.state).toBe('open');
    expect(events).toEqual(['open']); // no second warning for the same outage
  });

  it('closes on a successful probe and reports it once', async () => {
    const { breaker, events, fail, ok, advance } = setup(2, 500);
    await expect(fail()).rejects.toThrow();
    await expect(fail()).rejects.toThrow();
    advance(500);
    expect(await ok()).toBe('ok');
    expect(breaker.state).toBe('closed');
    await ok();
    expect(events).toEqual(['open', 'close']);
  });
});
