/**
 * A Deno.serve on 127.0.0.1 for the length of a test body.
 *
 * @module
 */

/**
 * Serves `handler` on 127.0.0.1 (a free port), runs `fn` with the base URL,
 * then calls `beforeStop` (to close kept-alive client connections) and shuts
 * the server down.
 */
export async function withServer(
  handler: Deno.ServeHandler<Deno.NetAddr>,
  fn: (base: string) => Promise<void>,
  beforeStop: () => void = () => {},
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    beforeStop();
    await server.shutdown();
  }
}
