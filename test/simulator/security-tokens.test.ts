/**
 * STS security tokens through pop-core (RPC: SecurityToken parameter; ROA: x-acs-security-token header): the
 * simulator accepts tokens it issued (until they expire) or was configured with, each for its own key only,
 * and answers everything else with the cloud's InvalidSecurityToken.* codes (HTTP 400). A temporary key
 * (`requireSecurityToken`) refuses requests without one. SIMULATOR_SECURITY_TOKENS configures tokens by env.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorOptionsFromEnv } from '../../src/simulator/env.js';
import { DEMO_KEY, startSimulator, type Simulator, type SimulatorKey } from '../../src/simulator/index.js';
import { failure, roaClient, rpcClient } from './helpers.js';

const OTHER: SimulatorKey = {
  accessKeyId: 'sts-other-key',
  accessKeySecret: 'sts-other-secret',
  securityTokens: ['configured-other'],
};
const TEMPORARY: SimulatorKey = {
  accessKeyId: 'STS.temporary-key',
  accessKeySecret: 'temporary-secret',
  requireSecurityToken: true,
};
const CONFIGURED = 'configured-demo-token';

let sim: Simulator;
let cluster: { regionId: string; resourceId: string };
beforeAll(async () => {
  sim = await startSimulator({ keys: [{ ...DEMO_KEY, securityTokens: [CONFIGURED] }, OTHER, TEMPORARY] });
  cluster = sim.inventory().resources.find((r) => r.type === 'cluster')!;
});
afterAll(() => sim.close());

const rpc = (key: SimulatorKey, token?: string) =>
  rpcClient(sim, key, token === undefined ? {} : { securityToken: token }).request('DescribeTags', {
    RegionId: 'cn-hangzhou',
    ResourceType: 'instance',
  });
const roa = (key: SimulatorKey, token?: string) =>
  roaClient(sim, key, token === undefined ? {} : { securityToken: token }).request('GET', '/tags', {
    resource_ids: JSON.stringify([cluster.resourceId]),
    resource_type: 'CLUSTER',
    region_id: cluster.regionId,
  });

/** The code and status of a failed call, whichever protocol. */
async function refusal(call: Promise<unknown>): Promise<[string, number]> {
  const err = await failure(call);
  return err.result?.code ? [err.result.code, err.statusCode] : [err.code, err.entry.response.statusCode];
}

describe.each([
  ['RPC (SecurityToken)', rpc],
  ['ROA (x-acs-security-token)', roa],
])('%s', (_name, call) => {
  it('accepts a token the simulator issued for the key, and a configured one', async () => {
    await expect(call(DEMO_KEY, sim.issueSecurityToken())).resolves.toBeTruthy();
    await expect(call(OTHER, sim.issueSecurityToken(OTHER.accessKeyId, 60))).resolves.toBeTruthy();
    await expect(call(DEMO_KEY, CONFIGURED)).resolves.toBeTruthy();
  });

  it('still accepts a permanent key without a token', async () => {
    await expect(call(DEMO_KEY)).resolves.toBeTruthy();
  });

  it('refuses a token it never issued: InvalidSecurityToken.Malformed', async () => {
    expect(await refusal(call(DEMO_KEY, 'any-old-token'))).toEqual(['InvalidSecurityToken.Malformed', 400]);
    const issued = sim.issueSecurityToken();
    expect(await refusal(call(DEMO_KEY, `${issued.slice(0, -2)}xx`))).toEqual(['InvalidSecurityToken.Malformed', 400]);
    expect(await refusal(call(DEMO_KEY, 'SIMSTS.e30.e30'))).toEqual(['InvalidSecurityToken.Malformed', 400]);
  });

  it('refuses another key’s token: InvalidSecurityToken.MismatchWithAccessKey', async () => {
    expect(await refusal(call(DEMO_KEY, sim.issueSecurityToken(OTHER.accessKeyId)))).toEqual([
      'InvalidSecurityToken.MismatchWithAccessKey',
      400,
    ]);
    expect(await refusal(call(DEMO_KEY, 'configured-other'))).toEqual([
      'InvalidSecurityToken.MismatchWithAccessKey',
      400,
    ]);
  });

  it('refuses an issued token past its expiry: InvalidSecurityToken.Expired', async () => {
    expect(await refusal(call(DEMO_KEY, sim.issueSecurityToken(undefined, -1)))).toEqual([
      'InvalidSecurityToken.Expired',
      400,
    ]);
  });

  it('refuses a temporary key without a token, and accepts it with its own', async () => {
    expect(await refusal(call(TEMPORARY))).toEqual(['MissingParameter', 400]);
    await expect(call(TEMPORARY, sim.issueSecurityToken(TEMPORARY.accessKeyId))).resolves.toBeTruthy();
  });
});

it('logs the refusals with their codes, and never a token', () => {
  const codes = new Set(sim.calls().map((c) => c.code));
  for (const code of [
    'InvalidSecurityToken.Malformed',
    'InvalidSecurityToken.MismatchWithAccessKey',
    'InvalidSecurityToken.Expired',
  ]) {
    expect(codes).toContain(code);
  }
  const log = JSON.stringify(sim.calls());
  expect(log).not.toContain(CONFIGURED);
  expect(log).not.toContain('SIMSTS.');
});

it('refuses an unknown key’s token when issuing', () => {
  expect(() => sim.issueSecurityToken('nobody')).toThrow(/unknown accessKeyId/);
});

describe('SIMULATOR_SECURITY_TOKENS', () => {
  it('adds tokens to the keys they name (the demo key by default)', () => {
    expect(
      simulatorOptionsFromEnv({ SIMULATOR_SECURITY_TOKENS: `${DEMO_KEY.accessKeyId}:t1, ${DEMO_KEY.accessKeyId}:t:2` })
        .keys,
    ).toEqual([{ ...DEMO_KEY, securityTokens: ['t1', 't:2'] }]);
    expect(simulatorOptionsFromEnv({ SIMULATOR_KEYS: 'a:s1,b:s2', SIMULATOR_SECURITY_TOKENS: 'b:tb' }).keys).toEqual([
      { accessKeyId: 'a', accessKeySecret: 's1' },
      { accessKeyId: 'b', accessKeySecret: 's2', securityTokens: ['tb'] },
    ]);
  });

  it('refuses a token for a key that is not configured, and a malformed list', () => {
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_SECURITY_TOKENS: 'nobody:t' })).toThrow(
      /unknown AccessKeyId nobody/,
    );
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_SECURITY_TOKENS: 'no-colon' })).toThrow(/id:token/);
  });
});
