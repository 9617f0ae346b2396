/**
 * Just enough Markdown for the documentation tests: GitHub's heading anchors, the relative links of a page, and
 * the rows of a pipe table. Fenced code blocks hold neither headings nor links; inline code holds no links.
 */

/** GitHub's anchor for a heading's text (github-slugger): lower case, punctuation dropped, each space a `-`. */
export function githubSlug(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The lines of a page outside fenced code blocks, with their 1-based line numbers. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence === undefined) out.push({ line: i + 1, text });
  });
  return out;
}

/** Every anchor the page's headings make, a repeated one numbered as github-slugger does (`x`, `x-1`, `x-2`). */
export function headingAnchors(markdown: string): Set<string> {
  const occurrences = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const base = githubSlug(heading);
    let slug = base;
    while (occurrences.has(slug)) {
      const n = occurrences.get(base)! + 1;
      occurrences.set(base, n);
      slug = `${base}-${n}`;
    }
    occurrences.set(slug, 0);
  }
  return new Set(occurrences.keys());
}

export interface Link {
  line: number;
  target: string;
}

/** The targets of the page's inline links and images (`[text](target)`), code spans and code blocks left out. */
export function links(markdown: string): Link[] {
  const out: Link[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = text.replace(/(`+)[^`]*?\1/g, 'code');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ line, target: m[1]! });
  }
  return out;
}

/** The cells of each row of the page's first pipe table (the delimiter row left out). */
export function tableRows(markdown: string): string[][] {
  const rows: string[][] = [];
  for (const { text } of proseLines(markdown)) {
    if (!text.trimStart().startsWith('|')) {
      if (rows.length) break;
      continue;
    }
    const cells = text
      .trim()
      .replace(/^\|/, '')
      .replace(/(?<!\\)\|$/, '')
      .split(/(?<!\\)\|/) // as in GitHub's tables, only an escaped pipe does not split, in code spans too
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  return rows;
}
