/**
 * Authenticating a segment's connection to its coordinator with a shared
 * token, without sending the token: the coordinator sends a random nonce,
 * the segment answers with HMAC-SHA-256(token, nonce).
 *
 * @module
 */

/** A random nonce, hex. */
export function newNonce(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(32)));
}

/** HMAC-SHA-256 of `nonce` keyed with `token`, hex. */
export async function proof(token: string, nonce: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(token),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(nonce))));
}

/** Whether `answer` proves the token for `nonce` (compared in constant time). */
export async function verify(token: string, nonce: string, answer: unknown): Promise<boolean> {
  const expected = await proof(token, nonce);
  if (typeof answer !== "string" || answer.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ answer.charCodeAt(i);
  return diff === 0;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
