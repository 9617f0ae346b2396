/**
 * Regions: every real Alibaba Cloud RegionId is a valid RegionId (an empty one answers an empty list); five
 * are populated, with these shares of the resources and these ID infixes (the cloud's IDs carry a region
 * code): cn-hangzhou 32 % (`bp`), cn-beijing 22 % (`2z`), cn-shanghai 20 % (`uf`), cn-shenzhen 14 % (`wz`),
 * ap-southeast-1 12 % (`t4`).
 */

/** Every RegionId the simulator accepts: the 28 public regions of ECS and ACK (as DescribeRegions lists them). */
export const KNOWN_REGIONS: readonly string[] = [
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-hongkong',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-south-1',
  'us-east-1',
  'us-west-1',
  'eu-west-1',
  'eu-central-1',
  'me-east-1',
  'me-central-1',
];

export interface PopulatedRegion {
  region: string;
  /** share of the ECS resources */
  share: number;
  /** the region code ECS IDs carry after their prefix */
  infix: string;
}

export const POPULATED: readonly PopulatedRegion[] = [
  { region: 'cn-hangzhou', share: 0.32, infix: 'bp' },
  { region: 'cn-beijing', share: 0.22, infix: '2z' },
  { region: 'cn-shanghai', share: 0.2, infix: 'uf' },
  { region: 'cn-shenzhen', share: 0.14, infix: 'wz' },
  { region: 'ap-southeast-1', share: 0.12, infix: 't4' },
];
