/** EcsListAccess: a refused tenant is remembered for the recheck period, per tenant, and logged once. */
import { describe, expect, it } from 'vitest';
import { EcsListAccess } from '../../src/loaders/index.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { NotFoundError, extensionsFor } from '../../src/graph/errors.js';

const refused = (code = 'Forbidden.RAM') =>
  new UpstreamError({ operation: 'EcsListTagResources', code, status: 403, message: 'no' });

describe('EcsListAccess', () => {
  it('remembers a refusal per tenant until the recheck period ends, and logs each tenant once', () => {
    let now = 1_000;
    const logged: Array<Record<string, unknown>> = [];
    const access = new EcsListAccess({ warn: (fields) => void logged.push(fields) }, 60_000, () => now);
    expect(access.isDenied('a')).toBe(false);
    access.deny('a', refused());
    access.deny('a', refused('NoPermission'));
    expect(access.isDenied('a')).toBe(true);
    expect(access.isDenied('b')).toBe(false);
    now += 60_001;
    expect(access.isDenied('a')).toBe(false);
    access.deny('a', refused());
    access.deny('b', refused());
    expect(logged).toEqual([
      { tenant: 'a', operation: 'EcsListTagResources', code: 'Forbidden.RAM' },
      { tenant: 'b', operation: 'EcsListTagResources', code: 'Forbidden.RAM' },
    ]);
  });

  it('knows which codes are refusals', () => {
    expect(refused().isForbidden).toBe(true);
    expect(refused('NoPermission.Action').isForbidden).toBe(true);
    expect(refused('Throttling.User').isForbidden).toBe(false);
  });
});

describe('NotFoundError', () => {
  it('is NOT_FOUND with no upstream details', () => {
    expect(extensionsFor(new NotFoundError('There is no ACK cluster c… in cn-beijing.'))).toEqual({
      code: 'NOT_FOUND',
    });
  });
});
