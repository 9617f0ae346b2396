/**
 * The answer for a request refused before GraphQL runs (401, 403, 429): a GraphQL-over-HTTP error body with a
 * stable `extensions.code`, under the media type the client asked for. Refused requests never reach the parser, so
 * yoga's own error formatting is not there to do this.
 */
export function refusal(
  request: Request,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const accept = request.headers.get('accept') ?? '';
  const type = accept.includes('application/graphql-response+json')
    ? 'application/graphql-response+json'
    : 'application/json';
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', ...headers },
  });
}
