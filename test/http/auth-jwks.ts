/**
 * A local identity provider for the JWT tests: a node:http server serving a JWKS whose keys the test can rotate,
 * counting fetches, and helpers that sign tokens (good ones, and the classic forgeries).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const ISSUER = 'https://idp.test.example/';
export const AUDIENCE = 'tag-gateway';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export interface JwksServer {
  url: string;
  keys: JWK[];
  fetches: number;
  close(): Promise<void>;
}

export async function startJwksServer(initial: SigningKey[]): Promise<JwksServer> {
  const state = { keys: initial.map((k) => k.publicJwk), fetches: 0 };
  const server: Server = createServer((_req, res) => {
    state.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get keys() {
      return state.keys;
    },
    set keys(keys: JWK[]) {
      state.keys = keys;
    },
    get fetches() {
      return state.fetches;
    },
    set fetches(n: number) {
      state.fetches = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface TokenOptions {
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  subject?: string;
  /** jose's time span or epoch seconds; default 5 minutes from now. */
  expires?: string | number;
}

export function token(key: SigningKey, o: TokenOptions = {}): Promise<string> {
  return new SignJWT(o.claims ?? {})
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(o.issuer ?? ISSUER)
    .setAudience(o.audience ?? AUDIENCE)
    .setSubject(o.subject ?? 'user-1')
    .setIssuedAt()
    .setExpirationTime(o.expires ?? '5m')
    .sign(key.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function goodClaims(subject = 'user-1'): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: AUDIENCE, sub: subject, iat: now, exp: now + 300 };
}

/** An unsigned token (`alg: none`) with otherwise perfect claims. */
export function unsignedToken(kid: string): string {
  return `${b64({ alg: 'none', kid, typ: 'JWT' })}.${b64(goodClaims())}.`;
}

/** HS256 "signed" with the provider's public key as the HMAC secret: the algorithm-confusion forgery. */
export function hmacWithPublicKey(key: SigningKey): Promise<string> {
  return new SignJWT(goodClaims())
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .sign(new TextEncoder().encode(key.publicPem));
}
