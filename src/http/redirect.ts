/**
 * Redirects, followed as Python `requests` follows them.
 *
 * @module
 */
import { HttpConnectionError } from "./http_errors.ts";
import { encodeRequest, httpUrl, type PreparedHttpRequest } from "./prepared_request.ts";

/** Most redirects followed before `TooManyRedirects` (Python `requests`' limit). */
export const MAX_REDIRECTS = 30;

/** Whether `status` is a redirect the client follows: 301, 302, 303, 307 or 308. */
export function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * The next hop of a redirect, changed as Python `requests` changes it: 303
 * (and 302, and 301 after a POST) turn the request into a bodyless GET, and
 * credentials are not sent to another host.
 *
 * @throws {HttpConnectionError} when `location` is not an http(s) URL.
 */
export function redirected(
  req: PreparedHttpRequest,
  status: number,
  location: string,
): PreparedHttpRequest {
  let url: URL;
  try {
    url = httpUrl(new URL(location, req.url));
  } catch {
    throw new HttpConnectionError(
      req.url.href,
      `${req.url.href} redirected (${status}) to ${
        JSON.stringify(location)
      }, which is not an http(s) URL`,
    );
  }
  const toGet = req.method !== "HEAD" &&
    (status === 303 || status === 302 || (status === 301 && req.method === "POST"));
  const method = toGet ? "GET" : req.method;
  const body = toGet ? undefined : req.body;
  const sameHost = url.hostname === req.url.hostname;
  const headers = req.headers.filter(([name]) => {
    const n = name.toLowerCase();
    if (toGet && (n === "content-type" || n === "content-length")) return false;
    if (!sameHost && (n === "authorization" || n === "cookie" || n === "host")) return false;
    return true;
  });
  return { method, url, headers, body, wire: encodeRequest(method, url, headers, body) };
}
