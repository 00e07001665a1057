/**
 * brunt's lean HTTP/1.1 keep-alive client, the one the `HttpRequests.*`
 * scenarios send with: for scenario plugins that need its pace (it keeps up
 * with `hey` where `fetch` reaches about half).
 *
 * @module
 */
export { Http1Client, type HttpResult, type HttpSendOptions } from "../http/http1_client.ts";
export { type PreparedHttpRequest, prepareHttpRequest } from "../http/prepared_request.ts";
export type { TlsCheck } from "../http/connection.ts";
export {
  HttpConnectionError,
  HttpTimeoutError,
  TooManyRedirectsError,
} from "../http/http_errors.ts";
