/**
 * The cross-request window (BATCH_WINDOW_MS) saves calls, not cache reads: an ECS slice the upstream cache answers
 * is answered at once; only a miss waits for company. With a 1 s window a cold request waits about a second and
 * the same request again, warm, must not (it did before issue 18's fix: every slice waited).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import type { Upstream } from './helpers.js';

const REGION = 'cn-hangzhou';
const ONE = `query($id: String!) { resources(refs: [{ kind: ECS_INSTANCE, regionId: "${REGION}", resourceId: $id }]) {
  resourceId tags(first: 100) { totalCount } } }`;
const WINDOW_MS = 1_000;

let sim: Simulator;
let gw: TestGateway;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  gw = await startTestGateway({ sim, env: { BATCH_WINDOW_MS: String(WINDOW_MS), RESPONSE_CACHE_TTL_S: '0' } });
});
afterAll(async () => {
  await gw?.close();
  await sim?.close();
});

const timed = async (id: string) => {
  const started = performance.now();
  const answer = await gw.query(ONE, { id });
  return { answer, ms: performance.now() - started };
};

it('a warm slice does not wait for the window; a cold one does', async () => {
  const id = sim.inventory().resources.find((r) => r.type === 'instance' && r.regionId === REGION)!.resourceId;
  sim.clearCalls();
  const cold = await timed(id);
  expect(cold.answer.errors).toBeUndefined();
  expect(cold.ms).toBeGreaterThanOrEqual(WINDOW_MS * 0.9);
  expect(sim.calls().length).toBeGreaterThan(0);

  sim.clearCalls();
  const warm = await timed(id);
  expect(warm.answer.data).toEqual(cold.answer.data);
  expect(sim.calls()).toHaveLength(0);
  // Half the window: a margin no loaded machine closes, and no warm request waits less than the window.
  expect(warm.ms).toBeLessThan(WINDOW_MS / 2);
  expect((warm.answer.extensions!.upstream as Upstream).cacheHits).toBeGreaterThan(0);
});
