/**
 * The task history database: one SQLite file (`node:sqlite`, built into
 * Deno) holding every recorded task, its workloads and raw iterations.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { IterationRecord } from "../model/iteration_record.ts";
import { HistoryError } from "./history_error.ts";
import { checkSchema, migrate, SCHEMA_VERSION } from "./migrations.ts";
import { chunkRecords } from "./record_chunk.ts";

/** Where the task history lives when neither `--db` nor `BRUNT_DB` says otherwise. */
export const DEFAULT_DB_PATH = ".brunt/brunt.db";

/**
 * The history file to use: `flag` (from `--db PATH`) if given, else the
 * `BRUNT_DB` environment variable if set and not empty, else
 * {@linkcode DEFAULT_DB_PATH}.
 */
export function historyPath(flag?: string): string {
  if (flag !== undefined) return flag;
  let env: string | undefined;
  try {
    env = Deno.env.get("BRUNT_DB");
  } catch {
    // Without --allow-env the variable cannot be read: use the default.
  }
  return env ? env : DEFAULT_DB_PATH;
}

/** Options of {@linkcode SqliteStore.open}. */
export interface SqliteStoreOptions {
  /**
   * Create the file when it does not exist (and, for the default path, its
   * `.brunt` folder). When false, a missing file is a {@linkcode HistoryError}.
   * @default {true}
   */
  create?: boolean;
  /**
   * How long a write waits for another process's write to end, in ms.
   * @default {10000}
   */
  busyTimeoutMs?: number;
  /**
   * The schema version to migrate to; only tests building older files set it.
   * @default {SCHEMA_VERSION}
   */
  schemaVersion?: number;
  /**
   * Open for reading only: nothing is ever written (a read-only file can be
   * read), and the file must already be at this brunt's schema version.
   * @default {false}
   */
  readOnly?: boolean;
}

/** The tables checked whole when a history is opened: small, and read by every command. */
const CHECKED_TABLES = ["tasks", "subtasks", "workloads", "hook_runs"];

/** Chunks read per query while a workload's raw iterations are read back. */
const CHUNKS_PER_READ = 16;

/**
 * The error for a damaged history: what could not be read and why, that
 * nothing partial is given back, and the ways out.
 */
export function damagedHistory(path: string, what: string, cause: unknown): HistoryError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new HistoryError(
    `Task history ${path} is damaged: ${what} cannot be read (${why}); brunt gives back ` +
      `nothing partial from it. Ways out: move it away and start a new one (--db NEW.db), ` +
      `then \`brunt import\` the results documents you exported (brunt export, run --json)`,
    { cause },
  );
}

/**
 * An open task history file. Opening sets WAL mode (readers never block the
 * writer), a busy timeout (two runs can write at once) and foreign keys, and
 * brings the schema up to date. Writes go through {@linkcode SqliteStore.write},
 * one `BEGIN IMMEDIATE` transaction each.
 *
 * @example
 * ```ts ignore
 * const store = SqliteStore.open(historyPath());
 * try {
 *   for (const record of store.iterations(workloadUuid)) console.log(record.duration);
 * } finally {
 *   store.close();
 * }
 * ```
 */
export class SqliteStore {
  /** The file. */
  readonly path: string;
  /** The connection; for the recorder and the history reader in this folder. */
  readonly db: DatabaseSync;
  #statements = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
  /** How long a write waits for another connection's write to end, in ms. */
  readonly busyTimeoutMs: number;

  private constructor(path: string, db: DatabaseSync, busyTimeoutMs: number) {
    this.path = path;
    this.db = db;
    this.busyTimeoutMs = busyTimeoutMs;
  }

  /**
   * Opens (or creates) the history at `path`, migrates it, and checks that
   * it is whole (its task, workload and hook-run tables, and the end of its
   * iteration table where runs append). Throws a {@linkcode HistoryError}
   * when the file is missing (with `create: false`), is not a SQLite
   * database, is another program's database, has a newer schema than this
   * brunt knows, or is damaged; the file is never altered then.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const {
      create = true,
      busyTimeoutMs = 10_000,
      schemaVersion = SCHEMA_VERSION,
      readOnly = false,
    } = options;
    prepareFile(path, create && !readOnly);
    const busy = Math.max(0, Math.floor(busyTimeoutMs));
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path, { readOnly });
    } catch (e) {
      throw new HistoryError(`Cannot open task history ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    try {
      db.exec(`PRAGMA busy_timeout = ${busy}`);
      if (readOnly) checkSchema(db, path);
      else {
        db.exec("PRAGMA foreign_keys = ON");
        migrate(db, path, schemaVersion);
      }
      checkIntegrity(db, path);
      if (!readOnly) {
        // After the checks: switching to WAL writes to the file.
        db.prepare("PRAGMA journal_mode = WAL").get();
        db.exec("PRAGMA synchronous = NORMAL");
      }
    } catch (e) {
      db.close();
      if (e instanceof HistoryError) throw e;
      throw new HistoryError(
        `Cannot use ${path} as a task history: ${(e as Error).message}. ` +
          `It is damaged or not a SQLite file; move it away (brunt will start a new one) ` +
          `or give another file with --db PATH or BRUNT_DB`,
        { cause: e },
      );
    }
    return new SqliteStore(path, db, busy);
  }

  /** A cached prepared statement for `sql`. */
  statement(sql: string): ReturnType<DatabaseSync["prepare"]> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in one write transaction (`BEGIN IMMEDIATE`, so it waits for
   * another writer up to the busy timeout instead of failing midway);
   * rolls back and rethrows when `fn` throws.
   */
  write<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
  }

  /**
   * Like {@linkcode SqliteStore.write}, but when another connection holds
   * the write lock it returns `undefined` at once instead of waiting (the
   * recorder keeps its records for the next try rather than stall the
   * load while the history's log is checkpointed).
   */
  tryWrite<T>(fn: () => T): { value: T } | undefined {
    this.db.exec("PRAGMA busy_timeout = 0");
    try {
      this.db.exec("BEGIN IMMEDIATE");
    } catch (e) {
      if (isBusy(e)) return undefined;
      throw e;
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
    }
    try {
      const value = fn();
      this.db.exec("COMMIT");
      return { value };
    } catch (e) {
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
  }

  /**
   * The recorded iterations of a workload, in completion order, read a few
   * chunks at a time. Every chunk is checked as it is read (its place in the
   * sequence, and as many records as its row says): a damaged one throws a
   * {@linkcode HistoryError} instead of giving back fewer records.
   */
  *iterations(workloadUuid: string): Generator<IterationRecord> {
    const what = `the raw iterations of workload ${workloadUuid}`;
    const row = this.#read(
      what,
      () => this.statement("SELECT id FROM workloads WHERE uuid = ?").get(workloadUuid),
    ) as
      | { id: number }
      | undefined;
    if (!row) return;
    // Not `iterate()`: node:sqlite ends it quietly at a damaged page.
    const read = this.statement(
      `SELECT seq, count, records FROM iteration_chunks WHERE workload_id = ? AND seq >= ?
       ORDER BY seq LIMIT ${CHUNKS_PER_READ}`,
    );
    for (let seq = 0;;) {
      const chunks = this.#read(what, () => read.all(row.id, seq)) as unknown as {
        seq: number;
        count: number;
        records: Uint8Array;
      }[];
      if (chunks.length === 0) return;
      for (const chunk of chunks) {
        if (Number(chunk.seq) !== seq) {
          throw damagedHistory(this.path, what, new Error(`chunk ${seq} is missing`));
        }
        const records = this.#read(what, () => chunkRecords(chunk.records));
        if (!Array.isArray(records) || records.length !== Number(chunk.count)) {
          throw damagedHistory(
            this.path,
            what,
            new Error(`chunk ${seq} holds ${records?.length} records, not ${chunk.count}`),
          );
        }
        seq++;
        yield* records;
      }
    }
  }

  // Runs a read; an error from SQLite or a chunk that does not decode is damage.
  #read<T>(what: string, read: () => T): T {
    try {
      return read();
    } catch (e) {
      throw damagedHistory(this.path, what, e);
    }
  }

  /** How many iterations of a workload are recorded. */
  iterationCount(workloadUuid: string): number {
    const row = this.#read(`the raw iterations of workload ${workloadUuid}`, () =>
      this.statement(
        `SELECT coalesce(sum(c.count), 0) AS n FROM workloads w
         JOIN iteration_chunks c ON c.workload_id = w.id WHERE w.uuid = ?`,
      ).get(workloadUuid)) as { n: number };
    return Number(row.n);
  }

  /** Closes the connection. */
  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

// The whole of the small tables, and the end of the iteration table (its
// root and the pages runs append to): cheap at any size, unlike a check of
// every page (about 5 ms per MB).
function checkIntegrity(db: DatabaseSync, path: string): void {
  // An older schema (a test's) lacks some of them.
  const tables = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name),
  );
  for (const table of CHECKED_TABLES.filter((t) => tables.has(t))) {
    let rows: Record<string, unknown>[];
    try {
      rows = db.prepare(`PRAGMA quick_check(${table})`).all();
    } catch (e) {
      throw damagedHistory(path, `its table ${table}`, e);
    }
    const problems = rows.map((r) => String(r.quick_check)).filter((r) => r !== "ok");
    if (problems.length > 0) throw damagedHistory(path, `its table ${table}`, problems[0]);
  }
  try {
    db.prepare("SELECT count FROM iteration_chunks ORDER BY rowid DESC LIMIT 1").all();
  } catch (e) {
    throw damagedHistory(path, "its table iteration_chunks", e);
  }
}

function prepareFile(path: string, create: boolean): void {
  let exists = true;
  try {
    const info = Deno.statSync(path);
    if (info.isDirectory) {
      throw new HistoryError(`Task history ${path} is a folder; give a file with --db PATH`);
    }
  } catch (e) {
    if (e instanceof HistoryError) throw e;
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    exists = false;
  }
  if (exists) return;
  if (!create) {
    throw new HistoryError(
      `No task history at ${path}: the file does not exist. \`brunt run TASK_FILE\` records ` +
        `tasks there; --db PATH or BRUNT_DB names another file`,
    );
  }
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : path.slice(0, slash) || "/";
  if (path === DEFAULT_DB_PATH) Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
  else {
    try {
      if (!Deno.statSync(dir).isDirectory) {
        throw new HistoryError(`Task history ${path}: "${dir}" is not a folder`);
      }
    } catch (e) {
      if (e instanceof HistoryError) throw e;
      throw new HistoryError(
        `Task history ${path}: folder "${dir}" does not exist; create it first`,
      );
    }
  }
  // Readable by its owner only: it holds command lines and hook output.
  // SQLite gives its -wal and -shm files the same mode.
  try {
    Deno.writeFileSync(path, new Uint8Array(0), { createNew: true, mode: 0o600 });
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  }
}

// Whether node:sqlite's error is SQLITE_BUSY (it carries no code for it).
function isBusy(e: unknown): boolean {
  const error = e as { errcode?: number; message?: string };
  return error?.errcode === 5 || /database is locked/.test(error?.message ?? "");
}
