/**
 * Errors are converted in one place (yoga's maskError, src/graph/errors.ts): a resolver that throws an
 * UpstreamError or an InputError with no wrapper still gives the client the right `extensions.code`, at its
 * own path and locations; anything else stays masked (shown only in development). The fields below exist only
 * in this file's copy of the builder (each test file has its own module graph).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builder } from '../../src/graph/builder.js';
import { userInputError } from '../../src/graph/errors.js';
import { UpstreamError } from '../../src/upstream/errors.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const throttled = () =>
  new UpstreamError({
    operation: 'DescribeTags',
    code: 'Throttling.User',
    status: 400,
    requestId: 'REQ-THROTTLED',
    message: 'Too many calls.',
  });
const notFound = () =>
  new UpstreamError({
    operation: 'ListTagResources',
    code: 'InvalidRegionId.NotFound',
    status: 404,
    requestId: 'REQ-404',
    message: 'No such region.',
  });

builder.queryFields((t) => ({
  unwrappedUpstream: t.string({
    nullable: true,
    resolve: () => {
      throw throttled();
    },
  }),
  unwrappedAsync: t.string({ nullable: true, resolve: async () => Promise.reject(notFound()) }),
  unwrappedItems: t.stringList({
    nullable: { list: false, items: true },
    resolve: () => [Promise.resolve('ok'), Promise.reject(notFound())],
  }),
  unwrappedInput: t.string({
    nullable: true,
    args: { size: t.arg.int() },
    resolve: () => {
      throw userInputError('size must be small.', 'size');
    },
  }),
  unwrappedBug: t.string({
    nullable: true,
    resolve: () => {
      throw new Error('boom: a bug');
    },
  }),
}));

type Located = {
  message: string;
  path?: Array<string | number>;
  locations?: Array<{ line: number; column: number }>;
  extensions?: Record<string, any>;
};

function errorAt(errors: Located[] | undefined, path: Array<string | number>): Located {
  const e = errors?.find((x) => JSON.stringify(x.path) === JSON.stringify(path));
  expect(e, `no error at ${JSON.stringify(path)}: ${JSON.stringify(errors)}`).toBeDefined();
  return e!;
}

describe.each([
  ['production', 'production'],
  ['development', 'development'],
])('unwrapped resolvers (%s)', (_name, nodeEnv) => {
  let gw: TestGateway;
  const lines: Array<{ level: number; msg?: string; err?: { stack?: string } }> = [];
  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', NODE_ENV: nodeEnv }, logger });
  });
  afterAll(() => gw?.close());

  it('an UpstreamError thrown bare gets its code, upstream details, path and locations', async () => {
    const res = await gw.query(`{\n  a: unwrappedUpstream\n  b: unwrappedAsync\n}`);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ a: null, b: null });
    const errors = res.errors as Located[];
    expect(errors).toHaveLength(2);
    const a = errorAt(errors, ['a']);
    expect(a.message).toBe('Too many calls.');
    expect(a.locations).toEqual([{ line: 2, column: 3 }]);
    expect(a.extensions).toEqual({
      code: 'THROTTLED',
      upstream: { operation: 'DescribeTags', code: 'Throttling.User', requestId: 'REQ-THROTTLED' },
    });
    const b = errorAt(errors, ['b']);
    expect(b.locations).toEqual([{ line: 3, column: 3 }]);
    expect(b.extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { operation: 'ListTagResources', requestId: 'REQ-404' },
    });
  });

  it('a failing list item nulls that item only, with the error at its index', async () => {
    const res = await gw.query(`{ unwrappedItems }`);
    expect(res.data).toEqual({ unwrappedItems: ['ok', null] });
    expect(res.errors).toHaveLength(1);
    expect(errorAt(res.errors as Located[], ['unwrappedItems', 1]).extensions?.code).toBe('NOT_FOUND');
  });

  it('an InputError is BAD_USER_INPUT naming its argument', async () => {
    const res = await gw.query(`{ unwrappedInput(size: 5) }`);
    expect(res.data).toEqual({ unwrappedInput: null });
    const e = errorAt(res.errors as Located[], ['unwrappedInput']);
    expect(e.message).toBe('size must be small.');
    expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'size' });
  });

  it('errors answered on purpose log at debug, never at error level; a bug logs at error level', async () => {
    lines.length = 0;
    await gw.query(`{ a: unwrappedUpstream b: unwrappedInput(size: 1) }`);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.some((l) => l.level === 20 && l.msg === 'size must be small.')).toBe(true);
    await gw.query(`{ unwrappedBug }`);
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual(['boom: a bug']);
  });

  it('any other error stays masked, its message shown only in development', async () => {
    const res = await gw.query(`{ unwrappedBug ok: unwrappedInput }`);
    expect(res.data).toEqual({ unwrappedBug: null, ok: null });
    const e = errorAt(res.errors as Located[], ['unwrappedBug']);
    expect(e.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    if (nodeEnv === 'production') {
      expect(e.message).toBe('Unexpected error.');
      expect(JSON.stringify(res)).not.toContain('boom');
    } else {
      expect(JSON.stringify(e)).toContain('boom: a bug');
    }
  });
});
