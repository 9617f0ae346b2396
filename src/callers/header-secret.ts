/**
 * Whether a request carries a configured shared secret in a header, compared in constant time: both sides are
 * hashed first, so neither the secret's length nor a matching prefix shows in the time taken. Without a configured
 * secret the answer is always false. Serves the operators' cache bypass and the router's proof alike.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function headerSecretCheck(header: string, secret: string | undefined): (headers: Headers) => boolean {
  if (!secret) return () => false;
  const expected = sha256(secret);
  return (headers) => {
    const sent = headers.get(header);
    return sent !== null && timingSafeEqual(sha256(sent), expected);
  };
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
