/**
 * Minimal XML rendering in the cloud's style: an object becomes child elements; an array property
 * repeats the property's element once per item (`{Tags: {Tag: [a, b]}}` → `<Tags><Tag>a</Tag><Tag>b</Tag></Tags>`).
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

export function escapeXml(s: string): string {
  return (
    s
      // characters XML 1.0 cannot carry at all
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function element(name: string, value: XmlValue): string {
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (value === null || value === undefined) return `<${name}/>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(rootName: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(rootName, value)}`;
}
