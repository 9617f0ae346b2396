/** The `npm run simulator` environment, validated with zod (main.ts prints the errors and exits 1). */
import { z } from 'zod';
import { DEMO_KEY, type SimulatorKey, type SimulatorOptions } from './types.js';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const num = (def: number, min: number, max: number, int = false) => {
  let n = z.coerce.number({ invalid_type_error: 'must be a number' }).finite().min(min).max(max);
  if (int) n = n.int();
  return z.preprocess(blankToUndefined, n.default(def));
};

const optionalPageSize = z.preprocess(
  blankToUndefined,
  z.coerce.number({ invalid_type_error: 'must be a number' }).int().min(1).max(1000).optional(),
);

/** `a:b,c:d` → [[a, b], [c, d]] (split at each part's first colon); both sides non-empty, else `shape` is the issue. */
const pairsSchema = (shape: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((s, ctx): Array<[string, string]> => {
        const pairs: Array<[string, string]> = [];
        for (const part of s.split(',')) {
          const i = part.indexOf(':');
          const left = i === -1 ? '' : part.slice(0, i).trim();
          const right = i === -1 ? '' : part.slice(i + 1).trim();
          if (!left || !right) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be ${shape}` });
            return z.NEVER;
          }
          pairs.push([left, right]);
        }
        return pairs;
      })
      .optional(),
  );

/** SIMULATOR_SECURITY_TOKENS added to the keys they name (unknown ones are an error). */
function withSecurityTokens(keys: SimulatorKey[], tokens: Array<[string, string]>): SimulatorKey[] {
  return keys.map((key) => {
    const mine = tokens.filter(([id]) => id === key.accessKeyId).map(([, token]) => token);
    return mine.length ? { ...key, securityTokens: mine } : key;
  });
}

export const simulatorEnvSchema = z.object({
  SIMULATOR_PORT: num(9100, 0, 65535, true),
  SIMULATOR_HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  SIMULATOR_SEED: num(42, 0, 2 ** 32 - 1, true),
  SIMULATOR_SIZE: num(1, 0.01, 100),
  SIMULATOR_INVENTORY_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  SIMULATOR_KEYS: pairsSchema('id:secret[,id:secret…]'),
  /** STS tokens the simulator accepts besides those it issues: id:token[,id:token…] (sts.ts) */
  SIMULATOR_SECURITY_TOKENS: pairsSchema('id:token[,id:token…]'),
  SIMULATOR_QPS_PER_KEY: num(0, 0, 1_000_000),
  SIMULATOR_LATENCY_MS: num(0, 0, 600_000),
  SIMULATOR_ERROR_RATE: num(0, 0, 1),
  SIMULATOR_DROP_RATE: num(0, 0, 1),
  // unset: startSimulator's default (50)
  SIMULATOR_PAGE_SIZE_CS: optionalPageSize,
  SIMULATOR_PAGE_SIZE_ECS: optionalPageSize,
});

/** Parses the environment into SimulatorOptions; throws an Error listing every bad variable. */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  const parsed = simulatorEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid simulator configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const configured = e.SIMULATOR_KEYS?.map(([accessKeyId, accessKeySecret]) => ({ accessKeyId, accessKeySecret }));
  const tokens = e.SIMULATOR_SECURITY_TOKENS ?? [];
  const unknown = tokens.find(([id]) => !(configured ?? [DEMO_KEY]).some((k) => k.accessKeyId === id));
  if (unknown)
    throw new Error(`Invalid simulator configuration:\n  SIMULATOR_SECURITY_TOKENS: unknown AccessKeyId ${unknown[0]}`);
  const keys = configured || tokens.length ? withSecurityTokens(configured ?? [DEMO_KEY], tokens) : undefined;
  return {
    port: e.SIMULATOR_PORT,
    host: e.SIMULATOR_HOST,
    seed: e.SIMULATOR_SEED,
    size: e.SIMULATOR_SIZE,
    ...(e.SIMULATOR_INVENTORY_FILE ? { inventoryFile: e.SIMULATOR_INVENTORY_FILE } : {}),
    ...(keys ? { keys } : {}),
    ...(e.SIMULATOR_PAGE_SIZE_CS === undefined ? {} : { pageSizeCs: e.SIMULATOR_PAGE_SIZE_CS }),
    ...(e.SIMULATOR_PAGE_SIZE_ECS === undefined ? {} : { pageSizeEcs: e.SIMULATOR_PAGE_SIZE_ECS }),
    faults: {
      qpsPerKey: e.SIMULATOR_QPS_PER_KEY,
      latencyMs: e.SIMULATOR_LATENCY_MS,
      errorRate: e.SIMULATOR_ERROR_RATE,
      dropRate: e.SIMULATOR_DROP_RATE,
    },
  };
}
