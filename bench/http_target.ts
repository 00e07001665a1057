/**
 * The HTTP benchmark's target: `Deno.serve` on 127.0.0.1 (a free port)
 * answering every request with 200 `ok`. Prints its URL on stdout's first
 * line and serves until killed.
 *
 *     deno run -A bench/http_target.ts
 *
 * @module
 */
const server = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ hostname, port }) => console.log(`http://${hostname}:${port}/`),
}, () => new Response("ok\n"));
await server.finished;
