/**
 * HTTP/1.1 request encoding: a request is checked and turned into its bytes
 * on the wire once, then sent any number of times.
 *
 * @module
 */
import { VERSION } from "../model/version.ts";

/** What to send: built once with {@linkcode prepareHttpRequest} and sent any number of times. */
export interface PreparedHttpRequest {
  /** The method, in upper case (`GET`, `POST` …). */
  readonly method: string;
  /** Where to. */
  readonly url: URL;
  /** Header name/value pairs as given, checked for characters HTTP does not allow. */
  readonly headers: readonly (readonly [string, string])[];
  /** The request body, if any. */
  readonly body: Uint8Array | undefined;
  /** The request's bytes on the wire (head and body), for the first hop. */
  readonly wire: Uint8Array;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;
const BODYLESS_METHODS_WITH_LENGTH = new Set(["POST", "PUT", "PATCH"]);
const encoder = new TextEncoder();

/**
 * Checks and encodes a request once, so sending it again costs nothing more
 * than writing its bytes.
 *
 * @throws {TypeError} When the URL is not http(s), the method is not an
 * HTTP token, or a header name or value has characters HTTP does not allow.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareHttpRequest } from "@brunt/brunt/http";
 * const req = prepareHttpRequest("get", "http://127.0.0.1:8080/", { accept: "text/plain" });
 * assert.equal(req.method, "GET");
 * ```
 */
export function prepareHttpRequest(
  method: string,
  url: string | URL,
  headers: Record<string, string> | readonly (readonly [string, string])[] = [],
  body?: Uint8Array,
): PreparedHttpRequest {
  const parsed = httpUrl(url);
  const upper = method.toUpperCase();
  if (!TOKEN.test(upper)) {
    throw new TypeError(
      `Invalid HTTP method ${JSON.stringify(method)}: use a word like GET or POST`,
    );
  }
  const pairs = Array.isArray(headers)
    ? headers as readonly (readonly [string, string])[]
    : Object.entries(headers);
  for (const [name, value] of pairs) {
    if (!TOKEN.test(name)) {
      throw new TypeError(
        `Invalid HTTP header name ${
          JSON.stringify(name)
        }: use letters, digits and -, like "Content-Type"`,
      );
    }
    if (typeof value !== "string" || BAD_VALUE.test(value)) {
      throw new TypeError(
        `Invalid value of HTTP header ${JSON.stringify(name)}: ${
          JSON.stringify(value)
        } (a string without line breaks or NUL is needed)`,
      );
    }
  }
  return {
    method: upper,
    url: parsed,
    headers: pairs,
    body,
    wire: encodeRequest(upper, parsed, pairs, body),
  };
}

/**
 * `url` parsed, when it is an absolute http(s) URL.
 *
 * @throws {TypeError} naming the URL when it does not parse or is not http(s).
 */
export function httpUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `Invalid URL ${
        JSON.stringify(String(url))
      }: give an absolute http(s) URL like "http://127.0.0.1:8080/"`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(
      `Unsupported URL scheme ${
        JSON.stringify(parsed.protocol)
      } in ${parsed.href}: use http: or https:`,
    );
  }
  return parsed;
}

/**
 * A request's bytes on the wire: the head, with the `host`, `user-agent`,
 * `accept`, basic `authorization` (from the URL's credentials) and
 * `content-length` headers the client adds unless given, then the body.
 * Headers must already be checked ({@linkcode prepareHttpRequest} does).
 */
export function encodeRequest(
  method: string,
  url: URL,
  headers: readonly (readonly [string, string])[],
  body: Uint8Array | undefined,
): Uint8Array {
  const given = new Set(headers.map(([n]) => n.toLowerCase()));
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  if (!given.has("host")) head += `host: ${url.host}\r\n`;
  for (const [name, value] of headers) {
    const n = name.toLowerCase();
    // The body's framing is the client's to say.
    if (n !== "content-length" && n !== "transfer-encoding") head += `${name}: ${value}\r\n`;
  }
  if (!given.has("user-agent")) head += `user-agent: brunt/${VERSION}\r\n`;
  if (!given.has("accept")) head += "accept: */*\r\n";
  if (url.username && !given.has("authorization")) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    head += `authorization: Basic ${btoa(String.fromCharCode(...encoder.encode(user)))}\r\n`;
  }
  if (body) head += `content-length: ${body.length}\r\n`;
  else if (BODYLESS_METHODS_WITH_LENGTH.has(method)) head += "content-length: 0\r\n";
  head += "\r\n";
  const headBytes = encoder.encode(head);
  if (!body?.length) return headBytes;
  const wire = new Uint8Array(headBytes.length + body.length);
  wire.set(headBytes);
  wire.set(body, headBytes.length);
  return wire;
}
