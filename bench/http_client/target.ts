/**
 * The benchmark's target: a Deno.serve on 127.0.0.1 answering every request
 * with 200 and a small body. Prints its URL on the first line of stdout.
 *
 *     deno run -A bench/http_client/target.ts [port]
 *
 * @module
 */

const BODY = "ok\n";

const server = Deno.serve(
  {
    hostname: "127.0.0.1",
    port: Number(Deno.args[0] ?? 0),
    onListen: ({ hostname, port }) => console.log(`http://${hostname}:${port}/`),
  },
  () => new Response(BODY),
);
await server.finished;
