/**
 * The task history's schema, as the list of steps that build it, and the
 * code that brings a database file up to date when it is opened.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { HistoryError } from "./history_error.ts";

/**
 * Marks a SQLite file as a brunt task history (`PRAGMA application_id`,
 * "brnt" in ASCII), so a foreign database is refused instead of altered.
 */
export const APPLICATION_ID = 0x62726e74;

/** One schema step: the SQL that takes version `version - 1` to `version`. */
export interface Migration {
  /** The schema version this step produces (1, 2, …, in order). */
  version: number;
  /** What the step adds, for people reading the list. */
  description: string;
  /** The statements, run in the migration's transaction. */
  sql: string;
}

/**
 * Every schema step, oldest first. Released steps never change: a new need
 * gets a new step, so every older file can still be brought forward.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "tasks, subtasks, workloads and raw iterations in chunks",
    sql: `
      CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'aborted', 'crashed')),
        tags TEXT NOT NULL,
        seed INTEGER NOT NULL,
        args TEXT NOT NULL,
        input_task TEXT NOT NULL,
        workload_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        pass_sla INTEGER,
        info TEXT,
        result TEXT
      );
      CREATE TABLE subtasks (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        uuid TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        run_in_parallel INTEGER NOT NULL,
        UNIQUE (task_id, position)
      );
      CREATE TABLE workloads (
        id INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        uuid TEXT NOT NULL UNIQUE,
        subtask_position INTEGER,
        position INTEGER,
        started_at REAL NOT NULL,
        spec TEXT,
        result TEXT
      );
      CREATE INDEX workloads_by_task ON workloads (task_id, subtask_position, position);
      CREATE TABLE iteration_chunks (
        workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        count INTEGER NOT NULL,
        records BLOB NOT NULL,
        PRIMARY KEY (workload_id, seq)
      );
    `,
  },
  {
    version: 2,
    description: "the recording process (pid, host) so a killed run reads as crashed",
    sql: `
      ALTER TABLE tasks ADD COLUMN pid INTEGER;
      ALTER TABLE tasks ADD COLUMN hostname TEXT;
      CREATE INDEX tasks_by_created_at ON tasks (created_at);
    `,
  },
  {
    version: 3,
    description: "hook runs as they finish, so a killed run keeps them",
    sql: `
      CREATE TABLE hook_runs (
        workload_id INTEGER NOT NULL REFERENCES workloads (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        hook_index INTEGER NOT NULL,
        run TEXT NOT NULL,
        PRIMARY KEY (workload_id, seq)
      );
    `,
  },
  {
    version: 4,
    description: "abort requests from another process (brunt abort), which the running one polls",
    sql: `
      ALTER TABLE tasks ADD COLUMN abort_request TEXT;
      ALTER TABLE tasks ADD COLUMN abort_requested_at TEXT;
    `,
  },
];

/** The schema version this brunt writes: the last step's. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings the database at `path` to {@linkcode SCHEMA_VERSION}, running the
 * missing steps in one write transaction (so two processes opening a new
 * file at once migrate it once). Throws a {@linkcode HistoryError} when the
 * file is another program's database or was written by a newer brunt; the
 * file is left untouched then.
 *
 * @param db An open connection with a busy timeout set.
 * @param path The file, for messages.
 * @param upTo The version to stop at (tests build older files with it).
 * @returns The version the file had before.
 */
export function migrate(db: DatabaseSync, path: string, upTo: number = SCHEMA_VERSION): number {
  db.exec("BEGIN IMMEDIATE");
  try {
    const { version: from, appId } = knownSchema(db, path);
    for (const step of MIGRATIONS) {
      if (step.version <= from || step.version > upTo) continue;
      db.exec(step.sql);
      db.exec(`PRAGMA user_version = ${step.version}`);
    }
    if (appId !== APPLICATION_ID) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.exec("COMMIT");
    return from;
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}

/**
 * Checks, without writing, that the database at `path` is a brunt task
 * history at {@linkcode SCHEMA_VERSION} (what a read-only connection needs).
 * Throws a {@linkcode HistoryError} saying what it is otherwise.
 */
export function checkSchema(db: DatabaseSync, path: string): void {
  const { version, appId } = knownSchema(db, path);
  if (appId !== APPLICATION_ID) {
    throw new HistoryError(`${path} is empty, not yet a task history: \`brunt run\` starts one`);
  }
  if (version < SCHEMA_VERSION) {
    throw new HistoryError(
      `${path} has task history schema version ${version}, older than this brunt's ` +
        `(${SCHEMA_VERSION}), and it is read here without writing: a command that writes to it ` +
        `(brunt run, import) brings it up to date, if the file is writable`,
    );
  }
}

// The file's schema version and application id; throws for another
// program's database or a newer brunt's history.
function knownSchema(db: DatabaseSync, path: string): { version: number; appId: number } {
  const version = pragmaNumber(db, "user_version");
  const appId = pragmaNumber(db, "application_id");
  if (appId !== APPLICATION_ID) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
    if (version !== 0 || appId !== 0 || tables.n > 0) {
      throw new HistoryError(
        `${path} is a SQLite database but not a brunt task history (application id ${appId}, ` +
          `${tables.n} schema objects); give another file with --db PATH or BRUNT_DB`,
      );
    }
  }
  if (version > SCHEMA_VERSION) {
    throw new HistoryError(
      `${path} has task history schema version ${version}, newer than this brunt knows ` +
        `(${SCHEMA_VERSION}): it was written by a newer brunt; upgrade brunt, or give another ` +
        `file with --db PATH`,
    );
  }
  return { version, appId };
}

function pragmaNumber(db: DatabaseSync, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, number>;
  return Number(row[name]);
}
