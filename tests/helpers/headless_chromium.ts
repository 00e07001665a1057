/**
 * Opens a page in headless Chromium and drives it over the DevTools
 * protocol (a WebSocket on 127.0.0.1), collecting console errors and
 * uncaught exceptions, with every step bounded by a timeout.
 *
 * @module
 */

/** Where Chromium is expected (Debian's package). */
export const CHROMIUM = "/usr/bin/chromium";

/** Whether {@linkcode CHROMIUM} exists. */
export function hasChromium(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

/** A page opened by {@linkcode openPage}. */
export interface Page {
  /** Evaluates `expression` in the page and returns its value (JSON-serializable). */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** A PNG screenshot of the page, or of a region of it in CSS pixels. */
  screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Uint8Array>;
  /** Console errors, uncaught exceptions and error log entries seen so far. */
  readonly errors: string[];
}

/** Options of {@linkcode openPage}. */
export interface OpenPageOptions {
  /**
   * Milliseconds allowed for the whole session, Chromium's start included.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Viewport width in CSS pixels.
   * @default 1300
   */
  width?: number;
  /**
   * Viewport height in CSS pixels.
   * @default 900
   */
  height?: number;
}

/**
 * Starts Chromium, loads `url` in a fresh page, waits for its load event,
 * hands the page to `use`, and kills Chromium at the end, whatever happens.
 * Rejects when the session outlasts its timeout.
 */
export async function openPage<T>(
  url: string,
  use: (page: Page) => Promise<T>,
  options: OpenPageOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const profile = await Deno.makeTempDir({ prefix: "brunt_chromium_" });
  const killer = new AbortController();
  const child = new Deno.Command(CHROMIUM, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      `--window-size=${options.width ?? 1300},${options.height ?? 900}`,
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    signal: killer.signal,
  }).spawn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Chromium session for ${url} took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  let socket: WebSocket | undefined;
  try {
    const endpoint = await Promise.race([devToolsEndpoint(child.stderr), deadline]);
    socket = new WebSocket(endpoint);
    const cdp = new Cdp(socket);
    await Promise.race([cdp.opened, deadline]);
    const { targetId } = await Promise.race([
      cdp.send<{ targetId: string }>("Target.createTarget", { url: "about:blank" }),
      deadline,
    ]);
    const { sessionId } = await cdp.send<{ sessionId: string }>("Target.attachToTarget", {
      targetId,
      flatten: true,
    });
    const errors: string[] = [];
    cdp.on(sessionId, (method, params) => {
      if (method === "Runtime.exceptionThrown") {
        const d = params.exceptionDetails as {
          text?: string;
          exception?: { description?: string };
        };
        errors.push(`exception: ${d.exception?.description ?? d.text}`);
      } else if (method === "Runtime.consoleAPICalled" && params.type === "error") {
        errors.push(`console.error: ${JSON.stringify(params.args)}`);
      } else if (method === "Log.entryAdded") {
        const e = params.entry as { level: string; text: string; url?: string };
        if (e.level === "error") errors.push(`log: ${e.text} ${e.url ?? ""}`);
      }
    });
    for (const domain of ["Page.enable", "Runtime.enable", "Log.enable"]) {
      await cdp.send(domain, {}, sessionId);
    }
    const loaded = cdp.once(sessionId, "Page.loadEventFired");
    await cdp.send("Page.navigate", { url }, sessionId);
    await Promise.race([loaded, deadline]);
    const page: Page = {
      errors,
      async evaluate<R>(expression: string): Promise<R> {
        const r = await Promise.race([
          cdp.send<{ result: { value?: R }; exceptionDetails?: { text: string } }>(
            "Runtime.evaluate",
            { expression, returnByValue: true, awaitPromise: true },
            sessionId,
          ),
          deadline,
        ]);
        if (r.exceptionDetails) {
          throw new Error(`evaluating ${expression}: ${r.exceptionDetails.text}`);
        }
        return r.result.value as R;
      },
      async screenshot(clip) {
        const r = await Promise.race([
          cdp.send<{ data: string }>(
            "Page.captureScreenshot",
            clip
              ? { format: "png", clip: { ...clip, scale: 1 }, captureBeyondViewport: true }
              : { format: "png" },
            sessionId,
          ),
          deadline,
        ]);
        return Uint8Array.from(atob(r.data), (c) => c.charCodeAt(0));
      },
    };
    return await Promise.race([use(page), deadline]);
  } finally {
    clearTimeout(timer);
    socket?.close();
    try {
      killer.abort();
    } catch {
      // Already gone.
    }
    await child.status;
    await child.stderr.cancel().catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/** Reads Chromium's stderr until it names its DevTools WebSocket. */
async function devToolsEndpoint(stderr: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`Chromium exited before it opened DevTools; it said:\n${text}`);
      text += value;
      const m = text.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) return m[1];
    }
  } finally {
    reader.releaseLock();
    // Keep draining stderr in the background so Chromium never blocks on a full pipe.
    stderr.pipeTo(new WritableStream()).catch(() => {});
  }
}

type Listener = (method: string, params: Record<string, unknown>) => void;

/** A minimal DevTools protocol client: numbered commands, events per session. */
class Cdp {
  readonly opened: Promise<void>;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #listeners = new Map<string, Listener[]>();

  constructor(readonly socket: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error("DevTools WebSocket failed"));
    });
    socket.onmessage = (event) => {
      const msg = JSON.parse(String(event.data));
      if (typeof msg.id === "number") {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else p?.resolve(msg.result);
      } else if (msg.method) {
        for (const l of this.#listeners.get(msg.sessionId ?? "") ?? []) {
          l(msg.method, msg.params ?? {});
        }
      }
    };
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}, sessionId?: string) {
    const id = this.#next++;
    const promise = new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return promise;
  }

  on(sessionId: string, listener: Listener): void {
    const list = this.#listeners.get(sessionId) ?? [];
    list.push(listener);
    this.#listeners.set(sessionId, list);
  }

  once(sessionId: string, method: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.on(sessionId, (m, p) => m === method && resolve(p)));
  }
}
