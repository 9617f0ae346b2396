/**
 * The last word on every error a client sees, whichever layer made it (yoga's request parsing, graphql-js's
 * parsing, validation and variable coercion, a plugin, a resolver):
 * - it carries an `extensions.code`: the one it has, else one derived from what failed (`BAD_USER_INPUT` for
 *   variable coercion, `GRAPHQL_PARSE_FAILED`, `BAD_REQUEST` for a request that names no field, else
 *   `INTERNAL_SERVER_ERROR`);
 * - its message is written for the user: a JavaScript runtime message (`Cannot read properties of
 *   undefined…`, `… is not a function`, a stack frame) never gets out, whatever code came with it, and
 *   messages that echo a huge input are cut short;
 * - yoga's `extensions.originalError` (the name and message of the JavaScript error behind "POST body sent
 *   invalid JSON.") is dropped.
 * A request parser that fails with a plain JavaScript error (yoga's GET parser on `variables={bad`) answers
 * 400 BAD_REQUEST instead of a masked 500. In development (NODE_ENV=development) messages are left as they are.
 */
import { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** What JavaScript says when code breaks, as opposed to what the gateway says to a user. */
const RUNTIME_MESSAGE = new RegExp(
  [
    'Cannot (read|set) propert',
    'Cannot destructure',
    '(undefined|null) is not (a |an |iterable)',
    'is not (a function|iterable|a constructor)',
    'is not defined(?! by)', // a ReferenceError, not graphql-js's "Field … is not defined by type …"
    'Maximum call stack',
    '\\b(Type|Range|Reference|Syntax|Internal)Error\\b',
    '\\bat .*\\.[cm]?[jt]s:\\d', // a stack frame
  ].join('|'),
);

/** Longer messages (graphql-js echoes the offending value) are cut here. */
const MAX_MESSAGE_LENGTH = 500;

/** Everything that may be in a yoga result: one result, a batch, or a stream (left alone). */
type ResultLike = { errors?: readonly unknown[] } | ResultLike[] | AsyncIterable<unknown>;

export function useErrorCodes(options: { development?: boolean } = {}): Plugin {
  const development = options.development ?? false;
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (e) {
          if (e instanceof GraphQLError) throw e;
          throw createGraphQLError('The request could not be read: its parameters must be valid JSON.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
    onResultProcess({ result, setResult }) {
      const fixed = fixResult(result as ResultLike, development);
      if (fixed !== result) setResult(fixed as typeof result);
    },
  };
}

function fixResult(result: ResultLike, development: boolean): ResultLike {
  if (Array.isArray(result)) return result.map((r) => fixResult(r, development));
  if (!('errors' in result) || !result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => (e instanceof GraphQLError ? fixError(e, development) : e)) };
}

/** The same error (location, path, cause) with a code and a message fit for a user. */
function fixError(error: GraphQLError, development: boolean): GraphQLError {
  const { originalError: described, ...extensions } = error.extensions as Record<string, unknown>;
  const code = typeof extensions.code === 'string' ? extensions.code : codeFor(error);
  const message = development ? error.message : userMessage(error.message, code, extensions.argument);
  const keepDescribed = development || described === undefined;
  const unchanged = keepDescribed && code === extensions.code && message === error.message;
  if (unchanged) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: {
      ...extensions,
      code,
      ...(keepDescribed ? { originalError: described } : {}),
      // yoga answers an application/json client 200 for a spec error unless a non-GraphQL cause is described;
      // with the description gone, say outright that the status it chose stands.
      ...(!keepDescribed && isHttp(extensions.http) ? { http: { ...extensions.http, spec: false } } : {}),
    },
  });
}

/** A code for an error that came without one. */
function codeFor(error: GraphQLError): string {
  if (error.message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  // An error at a field's path is one of execution; anything else concerns the request as a whole.
  return error.path ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
}

function userMessage(message: string, code: string, argument: unknown): string {
  if (RUNTIME_MESSAGE.test(message)) {
    if (code !== 'BAD_USER_INPUT') return 'Unexpected error.';
    return typeof argument === 'string' ? `The value of "${argument}" is not valid.` : 'This input is not valid.';
  }
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}

function isHttp(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
