/**
 * `maskError` (src/graph/errors.ts), the one place where gateway errors become client errors: given the
 * GraphQLError graphql-js wraps around what a resolver threw, it returns one with the gateway's code at the same
 * path and locations; anything else is masked as yoga masks it. Pure: errors in, errors out.
 */
import { GraphQLError, locatedError, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ErrorCode, InputError, maskError } from '../../src/graph/errors.js';
import { UpstreamError, invalidInput } from '../../src/upstream/errors.js';

const document = parse('{\n  a\n  b { c }\n}');
const field = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections[1] as FieldNode;

/** What graphql-js hands yoga for an error thrown by the resolver of `b` in item 2 of a list. */
const thrownAt = (err: unknown) => locatedError(err, [field], ['b', 2]);

function upstream(code: string, status?: number): UpstreamError {
  return new UpstreamError({
    operation: 'DescribeTags',
    code,
    status,
    requestId: 'REQ-1',
    message: `upstream said ${code}`,
  });
}

describe('maskError', () => {
  it('keeps message, path and locations, and adds code and upstream details', () => {
    const masked = maskError(
      thrownAt(upstream('InvalidRegionId.NotFound', 404)),
      'Unexpected error.',
      false,
    ) as GraphQLError;
    expect(masked).toBeInstanceOf(GraphQLError);
    expect(masked.toJSON()).toEqual({
      message: 'upstream said InvalidRegionId.NotFound',
      path: ['b', 2],
      locations: [{ line: 3, column: 3 }],
      extensions: {
        code: 'NOT_FOUND',
        upstream: { operation: 'DescribeTags', code: 'InvalidRegionId.NotFound', requestId: 'REQ-1' },
      },
    });
  });

  it.each<[string, UpstreamError, string]>([
    ['throttling', upstream('Throttling.User', 400), ErrorCode.THROTTLED],
    ['a deadline', upstream('DeadlineExceeded'), ErrorCode.UPSTREAM_TIMEOUT],
    ['a timeout', upstream('Timeout'), ErrorCode.UPSTREAM_TIMEOUT],
    ['a bad signature', upstream('SignatureDoesNotMatch', 400), ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['a parameter the cloud refused', upstream('InvalidTagKey.Malformed', 400), ErrorCode.BAD_USER_INPUT],
    ['a server error', upstream('InternalError', 500), ErrorCode.UPSTREAM_ERROR],
  ])('maps %s to its code', (_name, err, code) => {
    expect((maskError(thrownAt(err), 'Unexpected error.', false) as GraphQLError).extensions.code).toBe(code);
  });

  it('input refused before any call: BAD_USER_INPUT naming the argument, nothing upstream', () => {
    const fromUpstream = maskError(
      thrownAt(invalidInput('DescribeTags', 'tags[0].key', 'Tag key must be 1 to 128 characters long.')),
      'x',
      false,
    );
    expect((fromUpstream as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'tags[0].key' });
    const fromGraph = maskError(thrownAt(new InputError('first must be at most 100.', 'first')), 'x', false);
    expect((fromGraph as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect((fromGraph as GraphQLError).path).toEqual(['b', 2]);
  });

  it('finds the thrown error under several wrappers, and maps one thrown outside execution', () => {
    const twice = new GraphQLError('outer', {
      nodes: [field],
      path: ['b'],
      originalError: thrownAt(upstream('Throttling')),
    });
    expect((maskError(twice, 'x', false) as GraphQLError).extensions.code).toBe('THROTTLED');
    expect((maskError(twice, 'x', false) as GraphQLError).path).toEqual(['b']);
    const bare = maskError(new InputError('bad', 'id'), 'x', false) as GraphQLError;
    expect(bare.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(bare.path).toBeUndefined();
  });

  it('leaves a GraphQLError a resolver built itself as it is', () => {
    const own = new GraphQLError('No.', { extensions: { code: 'UNAUTHENTICATED' } });
    expect(maskError(own, 'x', false)).toBe(own);
    const located = thrownAt(own);
    expect(maskError(located, 'x', false)).toBe(located);
  });

  it('masks anything else: the message only in development', () => {
    const bug = thrownAt(new Error('boom'));
    const prod = maskError(bug, 'Unexpected error.', false) as GraphQLError;
    expect(prod.message).toBe('Unexpected error.');
    expect(prod.path).toEqual(['b', 2]);
    expect(prod.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(prod.toJSON())).not.toContain('boom');
    const dev = maskError(bug, 'Unexpected error.', true) as GraphQLError;
    expect(JSON.stringify(dev.toJSON())).toContain('boom');
  });
});
