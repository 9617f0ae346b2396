/**
 * Where each call goes. Real mode: the regional endpoint first, then the central one when the regional
 * host does not resolve (`ecs.<region>.aliyuncs.com` → `ecs.aliyuncs.com`, same for `cs`). Simulator mode: every region and service to one URL.
 */
export type Service = 'ecs' | 'cs';

export function endpointsFor(service: Service, regionId: string, override?: string): string[] {
  if (override) return [override.replace(/\/+$/, '')];
  return [`https://${service}.${regionId}.aliyuncs.com`, `https://${service}.aliyuncs.com`];
}

export const API_VERSIONS: Record<Service, string> = { ecs: '2014-05-26', cs: '2015-12-15' };
