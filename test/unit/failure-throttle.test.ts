import { FailureThrottle } from '../../app/failure-throttle';

describe('FailureThrottle', () => {
  it('lets a key fail `max` times in the window, then says how long to wait until the oldest failure leaves it', () => {
    let now = 1_000_000;
    const throttle = new FailureThrottle({ max: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('a')).toBeUndefined();
      throttle.fail('a');
      now += 10_000;
    }
    // Failures at 0 s, 10 s and 20 s; now 30 s: the first leaves the window at 60 s.
    expect(throttle.retryAfter('a')).toBe(30);
    expect(throttle.retryAfter('b')).toBeUndefined();
    now += 30_000;
    expect(throttle.retryAfter('a')).toBeUndefined();
  });

  it('forgets a key that is cleared', () => {
    const throttle = new FailureThrottle({ max: 1, windowMs: 60_000 }, () => 0);
    throttle.fail('a');
    expect(throttle.retryAfter('a')).toBe(60);
    throttle.clear('a');
    expect(throttle.retryAfter('a')).toBeUndefined();
  });
});
