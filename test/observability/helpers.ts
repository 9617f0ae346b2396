/** Shared by the observability tests: what must never appear in a span, a log line or an export. */
import { DEMO_KEY, type Simulator } from '../../src/simulator/index.js';

/** A caller's own keys (CALLER_CREDENTIALS): signed with, never shown. */
export const CALLER_KEY = { accessKeyId: 'LTAIcallerOwnKeyId0001', accessKeySecret: 'caller-own-secret-value-0123456789' };

export function forbiddenTexts(sim: Simulator): string[] {
  return [
    DEMO_KEY.accessKeyId,
    DEMO_KEY.accessKeySecret,
    CALLER_KEY.accessKeyId,
    CALLER_KEY.accessKeySecret,
    'Signature',
    'AccessKeyId',
    sim.url,
    `127.0.0.1:${sim.port}`,
  ];
}

/** The texts of `forbidden` found in `text` (expect it to be empty). */
export function leaks(text: string, forbidden: string[]): string[] {
  return forbidden.filter((f) => text.includes(f));
}

export const callerHeaders = {
  'x-alibaba-cloud-access-key-id': CALLER_KEY.accessKeyId,
  'x-alibaba-cloud-access-key-secret': CALLER_KEY.accessKeySecret,
};

export const NAMED_QUERY = 'query Keys { tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';
export const FAILING_QUERY = 'query Nowhere { tagKeys(regionIds: ["xx-nowhere-1"]) { totalCount } }';

/** The one element of `list` (fails the test when there are none or several). */
export function only<T>(list: T[]): T {
  if (list.length !== 1) throw new Error(`expected exactly one, got ${list.length}`);
  return list[0]!;
}
