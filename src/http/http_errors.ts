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
