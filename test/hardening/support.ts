/**
 * Shared checks of the hardening suites: what must never be in an answer or a log line (secrets, signed URLs,
 * stack frames), a tally of statuses and codes with the violations found, and a pino logger that checks every
 * line it is given instead of writing it.
 */
import { Kind, parse } from 'graphql';
import { pino, type Level, type Logger } from 'pino';
import { DEMO_KEY } from '../../src/simulator/index.js';

/** Caller secrets the suites send all start with this, so one pattern finds any of them anywhere. */
export const CALLER_SECRET_MARK = 'CallerSecretZ';

/**
 * Secrets and stacks: the simulator's demo secret, any caller secret, a signed URL's parameters, a stack frame
 * (`at fn (/path/file.ts:1:2)`, escaped newlines followed by `at `, any `.ts:<line>`), a serialised `stack` key.
 */
const FORBIDDEN_SOURCE = [
  DEMO_KEY.accessKeySecret,
  CALLER_SECRET_MARK,
  'Signature=',
  'AccessKeyId=',
  String.raw`\.[cm]?[jt]s:\d`,
  String.raw`\bat [^\s"]+ \([^)"]*:\d+:\d+\)`,
  String.raw`(?:\\n|\n)\s+at `,
  String.raw`"stack"\s*:`,
].join('|');
export const FORBIDDEN = new RegExp(FORBIDDEN_SOURCE);
export const FORBIDDEN_GLOBAL = new RegExp(FORBIDDEN_SOURCE, 'g');

/** Codes of input the gateway refuses before execution: such a request must not reach the upstream. */
export const REFUSAL_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'PAYLOAD_TOO_LARGE',
]);

export interface GraphQLErrorJson {
  message?: unknown;
  path?: Array<string | number>;
  extensions?: { code?: unknown; [k: string]: unknown };
}
export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorJson[];
}

export class Tally {
  requests = 0;
  upstreamCalls = 0;
  refused = 0;
  readonly statuses = new Map<number, number>();
  readonly codes = new Map<string, number>();
  readonly violations: string[] = [];

  violation(label: string, what: string, text = ''): void {
    if (this.violations.length < 50) this.violations.push(`${label}: ${what} ${text.slice(0, 400)}`);
    else if (this.violations.length === 50) this.violations.push('… more');
  }

  /**
   * Checks one answer: no 5xx, no forbidden text, every error with a code; counts it. Returns the parsed body
   * (undefined when it is not JSON) and whether the gateway refused the request before execution.
   */
  inspect(label: string, status: number, text: string, query?: string): { body?: GraphQLBody; refused: boolean } {
    this.requests++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status >= 500) this.violation(label, `status ${status}`, text);
    const bad = FORBIDDEN.exec(text);
    if (bad)
      this.violation(label, `forbidden text "${bad[0]}"`, text.slice(Math.max(0, bad.index - 200), bad.index + 200));
    let body: GraphQLBody | undefined;
    try {
      body = text ? (JSON.parse(text) as GraphQLBody) : undefined;
    } catch {
      body = undefined;
    }
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    for (const e of errors) {
      const code = e.extensions?.code;
      if (typeof code !== 'string') this.violation(label, 'error without extensions.code', JSON.stringify(e));
      this.codes.set(String(code), (this.codes.get(String(code)) ?? 0) + 1);
    }
    const refused = status >= 400 ? body?.data == null : refusedInExecution(body, errors, query);
    if (refused) this.refused++;
    return { body, refused };
  }

  summary(): string {
    const map = (m: Map<string | number, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}:${v}`)
        .join(' ');
    return `requests=${this.requests} refused=${this.refused} upstreamCalls=${this.upstreamCalls} statuses[${map(this.statuses)}] codes[${map(this.codes)}] violations=${this.violations.length}`;
  }
}

/**
 * A 200 where every root field of the operation failed with a refusal at the root field itself: nothing ran.
 * With `data: null` (a non-null root field failed) the document says which root fields there were; one that
 * cannot be read that way (fragments at the root) is not counted as refused.
 */
function refusedInExecution(body: GraphQLBody | undefined, errors: GraphQLErrorJson[], query?: string): boolean {
  if (!body || errors.length === 0) return false;
  if (!errors.every((e) => REFUSAL_CODES.has(String(e.extensions?.code)) && e.path?.length === 1)) return false;
  const failed = new Set(errors.map((e) => e.path![0]));
  const roots = body.data != null ? Object.keys(body.data) : rootKeys(query);
  return roots !== undefined && roots.every((k) => failed.has(k) && body.data?.[k] == null);
}

/** The response keys of an operation's root fields, or undefined when the root holds fragments or it does not parse. */
function rootKeys(query: string | undefined): string[] | undefined {
  if (query === undefined) return undefined;
  try {
    const ops = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.length !== 1) return undefined;
    const keys: string[] = [];
    for (const s of ops[0]!.selectionSet.selections) {
      if (s.kind !== Kind.FIELD) return undefined;
      keys.push(s.alias?.value ?? s.name.value);
    }
    return keys;
  } catch {
    return undefined;
  }
}

/** A pino logger (level info, the default) whose lines are checked for secrets and stacks, then dropped; an error-level line is a violation too. `check` takes lines from elsewhere (a child's stdout). */
export function checkedLogger(
  tally: Tally,
  level: Level = 'info',
): { logger: Logger; check(line: string): void; lines: () => number } {
  let lines = 0;
  const check = (line: string) => {
    lines++;
    const bad = FORBIDDEN.exec(line);
    if (bad) tally.violation('log line', `forbidden text "${bad[0]}"`, line);
    // bad input is the client's problem: it must not reach the error log (a client could flood it)
    if (/"level":(?:5\d|60)\b/.test(line)) tally.violation('log line', 'error-level line', line);
  };
  return { logger: pino({ level }, { write: check }), check, lines: () => lines };
}
