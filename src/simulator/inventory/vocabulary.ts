/** The words the generated tags are made of: teams with their apps and cost centers, environments, people. */

export interface Team {
  name: string;
  weight: number;
  costCenter: string;
  apps: string[];
}

export const TEAMS: readonly Team[] = [
  { name: 'payments', weight: 8, costCenter: 'CC-1001', apps: ['checkout', 'ledger', 'refunds', 'fraud-scoring'] },
  { name: 'search', weight: 7, costCenter: 'CC-1002', apps: ['query-api', 'indexer', 'ranker'] },
  { name: 'platform', weight: 12, costCenter: 'CC-1003', apps: ['api-gateway', 'auth', 'config-service', 'mesh'] },
  { name: 'data', weight: 12, costCenter: 'CC-1004', apps: ['etl', 'warehouse', 'kafka', 'airflow'] },
  { name: 'ml', weight: 6, costCenter: 'CC-1005', apps: ['training', 'inference', 'feature-store'] },
  { name: 'web', weight: 9, costCenter: 'CC-1006', apps: ['storefront', 'cms', 'cdn-origin'] },
  { name: 'mobile', weight: 5, costCenter: 'CC-1007', apps: ['mobile-bff', 'push-service'] },
  { name: 'infra', weight: 14, costCenter: 'CC-1008', apps: ['bastion', 'monitoring', 'logging', 'ci-runner'] },
  { name: 'security', weight: 4, costCenter: 'CC-1009', apps: ['waf', 'vault', 'scanner'] },
  { name: 'growth', weight: 4, costCenter: 'CC-1010', apps: ['experiments', 'recommendations'] },
  { name: 'ads', weight: 5, costCenter: 'CC-1011', apps: ['ad-server', 'bidder'] },
  { name: 'billing', weight: 4, costCenter: 'CC-1012', apps: ['invoicing', 'metering'] },
];

/** TEAMS as weighted entries for `Rng.weighted` */
export const TEAM_ENTRIES: ReadonlyArray<readonly [Team, number]> = TEAMS.map((t) => [t, t.weight] as const);

export const ENVS: ReadonlyArray<readonly [string, number]> = [
  ['prod', 45],
  ['staging', 20],
  ['dev', 28],
  ['test', 7],
];

export const PEOPLE = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
  'wei.zhang',
  'li.na',
  'chen.jie',
  'wang.fang',
  'liu.yang',
  'zhao.lei',
  'sun.li',
  'zhou.min',
  'wu.hao',
  'xu.jing',
  'hu.bin',
];

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
