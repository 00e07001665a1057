/**
 * The errors of brunt's HTTP client, named like the Python `requests`
 * exceptions Rally's HTTP scenarios report, so results read the same.
 *
 * @module
 */

/**
 * The request could not be sent or its response not read: the connection
 * was refused or reset, the host is unknown, or the server closed the
 * connection or answered with something that is not HTTP/1.x. Named
 * `ConnectionError`, as `requests` names it.
 */
export class HttpConnectionError extends Error {
  /** The URL the request went to. */
  readonly url: string;

  /** Creates the error for `url`, saying what went wrong in `message`. */
  constructor(url: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConnectionError";
    this.url = url;
  }
}

/** The request took longer than its timeout. Named `TimeoutError`. */
export class HttpTimeoutError extends Error {
  /** The URL the request went to. */
  readonly url: string;
  /** The timeout that ran out, in seconds. */
  readonly timeoutS: number;

  /** Creates the error for a request to `url` that ran out of `timeoutS` seconds. */
  constructor(url: string, timeoutS: number) {
    super(`Request to ${url} timed out after ${timeoutS} s`);
    this.name = "TimeoutError";
    this.url = url;
    this.timeoutS = timeoutS;
  }
}

/** Redirects went on longer than the limit. Named `TooManyRedirects`, as in `requests`. */
export class TooManyRedirectsError extends Error {
  /** Creates the error for a chain that started at `url` and passed `limit` redirects. */
  constructor(url: string, limit: number) {
    super(`Exceeded ${limit} redirects, starting at ${url}`);
    this.name = "TooManyRedirects";
  }
}

/**
 * A response that is not HTTP/1.x, or that ends early: the client's own
 * error, turned into an {@linkcode HttpConnectionError} before it reaches
 * callers. `gone`: nothing usable came back (the server had closed the
 * connection), so the request may be sent again on a new one.
 */
export class ProtocolError extends Error {
  /** Whether nothing usable came back. */
  readonly gone: boolean;

  /** Creates the error saying what is wrong with the response in `message`. */
  constructor(message: string, gone = false) {
    super(message);
    this.name = "ProtocolError";
    this.gone = gone;
  }
}

/** Whether `e` says the server had closed the connection before it answered. */
export function isConnectionGone(e: unknown): boolean {
  return (e instanceof ProtocolError && e.gone) || e instanceof Deno.errors.ConnectionReset ||
    e instanceof Deno.errors.BrokenPipe || e instanceof Deno.errors.ConnectionAborted;
}

/**
 * The error a request to `url` that failed with `e` rejects with: `e`
 * itself when it is already the client's, else an
 * {@linkcode HttpConnectionError} that says what happened, for people.
 */
export function connectionError(e: unknown, url: string): Error {
  if (e instanceof HttpConnectionError || e instanceof HttpTimeoutError) return e;
  const options = { cause: e };
  if (e instanceof Deno.errors.ConnectionRefused) {
    return new HttpConnectionError(
      url,
      `Connection to ${url} refused: nothing is listening there`,
      options,
    );
  }
  if (e instanceof Deno.errors.ConnectionReset || e instanceof Deno.errors.BrokenPipe) {
    return new HttpConnectionError(url, `Connection to ${url} was reset by the server`, options);
  }
  if (e instanceof ProtocolError) {
    return new HttpConnectionError(url, `Request to ${url} failed: ${e.message}`, options);
  }
  const why = e instanceof Error ? e.message : String(e);
  return new HttpConnectionError(url, `Request to ${url} failed: ${why}`, options);
}
