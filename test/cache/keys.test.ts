/** Cache keys: format, tenant separation, no secrets, and order-independence only where order is meaningless. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, describeTagsKey, listTagResourcesKey, lockKeyFor } from '../../src/cache/keys.js';
import { makeCredential } from '../../src/upstream/credentials.js';

const a = makeCredential('LTAI-tenant-a-key-id', 'secret-a');
const b = makeCredential('LTAI-tenant-b-key-id', 'secret-b');
const C1 = `c${'1'.repeat(32)}`;
const C2 = `c${'2'.repeat(32)}`;

describe('cache keys', () => {
  it('has the documented shape', () => {
    const key = describeTagsKey('tg:', a, { regionId: 'cn-hangzhou', resourceType: 'instance' });
    expect(key).toMatch(new RegExp(`^tg:v1:${a.identity}:DescribeTags:cn-hangzhou:[0-9a-f]{64}$`));
    const cs = listTagResourcesKey('p:', a, { regionId: 'cn-beijing', resourceIds: [C1] });
    expect(cs).toMatch(new RegExp(`^p:v1:${a.identity}:ListTagResources:cn-beijing:[0-9a-f]{64}$`));
    expect(lockKeyFor(key)).toBe(`${key}:lock`);
  });

  it('never contains the AccessKeyId or the secret, and differs per tenant', () => {
    const req = { regionId: 'cn-hangzhou', resourceType: 'disk' as const };
    const ka = describeTagsKey('tg:', a, req);
    const kb = describeTagsKey('tg:', b, req);
    expect(ka).not.toBe(kb);
    for (const k of [ka, kb]) {
      expect(k).not.toContain('LTAI');
      expect(k).not.toContain('secret');
    }
  });

  it('ignores the order of object keys, of tag filters, and undefined members', () => {
    const k1 = describeTagsKey('tg:', a, {
      regionId: 'cn-hangzhou',
      resourceType: 'instance',
      tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
      pageSize: 50,
    });
    const k2 = describeTagsKey('tg:', a, {
      pageSize: 50,
      tags: [
        { key: 'team', value: undefined },
        { value: 'prod', key: 'env' },
      ],
      resourceType: 'instance',
      regionId: 'cn-hangzhou',
      resourceId: undefined,
    });
    expect(k1).toBe(k2);
    const cs1 = listTagResourcesKey('tg:', a, {
      regionId: 'cn-hangzhou',
      resourceIds: [C1],
      tags: [{ key: 'x' }, { key: 'a', value: '1' }],
    });
    const cs2 = listTagResourcesKey('tg:', a, {
      regionId: 'cn-hangzhou',
      resourceIds: [C1],
      tags: [{ key: 'a', value: '1' }, { key: 'x' }],
    });
    expect(cs1).toBe(cs2);
  });

  it('tells apart every field that changes the answer', () => {
    const base = { regionId: 'cn-hangzhou', resourceType: 'instance' as const };
    const keys = new Set([
      describeTagsKey('tg:', a, base),
      describeTagsKey('tg:', a, { ...base, regionId: 'cn-beijing' }),
      describeTagsKey('tg:', a, { ...base, resourceType: 'disk' }),
      describeTagsKey('tg:', a, { ...base, resourceId: 'i-12345678' }),
      describeTagsKey('tg:', a, { ...base, tags: [{ key: 'env' }] }),
      describeTagsKey('tg:', a, { ...base, tags: [{ key: 'env', value: '' }] }),
      describeTagsKey('tg:', a, { ...base, tags: [{ key: 'env', value: 'prod' }] }),
      describeTagsKey('tg:', a, { ...base, pageNumber: 2 }),
      describeTagsKey('tg:', a, { ...base, pageSize: 10 }),
      describeTagsKey('other:', a, base),
    ]);
    expect(keys.size).toBe(10);
  });

  it('keeps the order of cluster IDs (the answer and its paging follow it) but drops repeats like upstream', () => {
    const ordered = listTagResourcesKey('tg:', a, { regionId: 'cn-hangzhou', resourceIds: [C1, C2] });
    expect(listTagResourcesKey('tg:', a, { regionId: 'cn-hangzhou', resourceIds: [C2, C1] })).not.toBe(ordered);
    expect(listTagResourcesKey('tg:', a, { regionId: 'cn-hangzhou', resourceIds: [C1, C2, C1] })).toBe(ordered);
    expect(listTagResourcesKey('tg:', a, { regionId: 'cn-hangzhou', resourceIds: [C1, C2], nextToken: '' })).toBe(
      ordered,
    );
    expect(listTagResourcesKey('tg:', a, { regionId: 'cn-hangzhou', resourceIds: [C1, C2], nextToken: 't1' })).not.toBe(
      ordered,
    );
  });

  it('keeps the readable region segment tame whatever the input', () => {
    const key = describeTagsKey('tg:', a, { regionId: 'cn:hang zhou/../*', resourceType: 'instance' });
    expect(key.split(':')).toHaveLength(6);
    expect(key).toContain(':cn_hang_zhou_..__:');
  });

  it('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined } })).toBe('{"a":{"d":[2,1]},"b":1}');
  });
});
