/**
 * `brunt plugins`: lists the registered plugins by kind; `brunt plugins show
 * NAME` prints one plugin's description and args schema (like `rally plugin
 * list/show`). Also the global `--plugin` flag, which loads users' plugin
 * modules before any command runs.
 *
 * @module
 */
import { loadPlugins, pluginOrigin } from "../plugins/plugin_loader.ts";
import {
  firstLine,
  type PluginEntry,
  type PluginKind,
  type PluginRegistry,
} from "../model/plugin_registry.ts";
import { pluginsWith } from "../builtin/builtin_plugins.ts";
import { didYouMean } from "../task/did_you_mean.ts";
import { EXIT } from "./exit_codes.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import { OWN_PLUGIN } from "../task/validate.ts";
import type { CliIo } from "./cli_io.ts";

/** Help text of `plugins`. */
export const PLUGINS_HELP = `Usage: brunt plugins [--plugin PATH_OR_SPECIFIER …]
       brunt plugins show NAME

Lists every registered plugin (built-in and loaded with --plugin) by kind,
each with the first line of its description. "show NAME" prints a plugin's
kind, full description and args schema (JSON Schema); a name used by several
kinds shows each.

--plugin (any command; repeatable) imports a .ts/.js file, every .ts/.js file
in a folder (not *_test.ts), or a module specifier (npm:, jsr:, https:). A
plugin module registers its plugins when it is imported, with
registerScenario, registerRunner, registerHook, registerTrigger or
registerSla (from this brunt's mod.ts or from jsr:@brunt/brunt: either
works). The plugins it registered are used by that command only.`;

/** The kinds in listing order, with their headings. */
const KINDS: [PluginKind, string][] = [
  ["scenario", "Scenarios"],
  ["runner", "Runners"],
  ["hook", "Hooks"],
  ["trigger", "Triggers"],
  ["sla", "SLA"],
];

/** Runs `brunt plugins` with `args` (after the command name); returns the exit code. */
export function pluginsCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const parsed = parseCommandArgs("plugins", args, {});
  if (parsed.values.help) {
    io.out(PLUGINS_HELP);
    return Promise.resolve(EXIT.ok);
  }
  const [sub, ...names] = parsed.positionals;
  if (sub === undefined || sub === "list") {
    if (names.length > 0) {
      throw new UsageError(`plugins list takes no names; got ${names.join(", ")}`);
    }
    io.out(pluginList(plugins));
    return Promise.resolve(EXIT.ok);
  }
  if (sub === "show") {
    if (names.length !== 1) {
      throw new UsageError("plugins show needs one plugin name: brunt plugins show NAME");
    }
    io.out(pluginDetails(plugins, names[0]));
    return Promise.resolve(EXIT.ok);
  }
  throw new UsageError(
    `unknown plugins subcommand "${sub}"; use "brunt plugins" or "brunt plugins show NAME"`,
  );
}

/** Every registered plugin grouped by kind: `  name — first line of its description`. */
export function pluginList(plugins: PluginRegistry): string {
  const lines: string[] = [];
  for (const [kind, heading] of KINDS) {
    const entries = plugins.list(kind);
    lines.push(`${heading}:`);
    if (entries.length === 0) lines.push("  (none)");
    const width = Math.max(0, ...entries.map((e) => e.name.length));
    for (const entry of entries) {
      lines.push(`  ${entry.name.padEnd(width)} — ${summary(entry)}`);
    }
    lines.push("");
  }
  lines.push("brunt plugins show NAME prints a plugin's description and args schema.");
  return lines.join("\n");
}

/**
 * Kind, name, full description and args schema of every plugin named
 * `name`; throws a UsageError with a suggestion when there is none.
 */
export function pluginDetails(plugins: PluginRegistry, name: string): string {
  const all = KINDS.flatMap(([kind]) => plugins.list(kind));
  const found = all.filter((entry) => entry.name === name);
  if (found.length === 0) {
    const typo = didYouMean(name, all.map((e) => e.name));
    throw new UsageError(
      `no plugin named "${name}"${typo} (brunt plugins lists them all)${typo ? "" : OWN_PLUGIN}`,
    );
  }
  return found.map((entry) => {
    const origin = pluginOrigin(entry);
    return [
      `${entry.kind}: ${entry.name}`,
      ...(origin === undefined ? [] : [`from: ${origin}`]),
      "",
      entry.description.trim() || "(no description)",
      "",
      "Args schema:",
      JSON.stringify(entry.schema, null, 2),
    ].join("\n");
  }).join("\n\n");
}

/**
 * Takes every `--plugin VALUE` / `--plugin=VALUE` out of `args` (up to a
 * `--`), wherever it stands, and loads those plugins in order, warning on
 * `io.err`. Returns the other args, for the command, and the plugins to run
 * with: the built-in ones and the loaded ones.
 *
 * @throws {UsageError} when `--plugin` has no value.
 * @throws {PluginLoadError} when a plugin is missing or fails to load.
 */
export async function loadPluginFlags(
  args: string[],
  io: CliIo,
): Promise<{ rest: string[]; plugins: PluginRegistry }> {
  const sources: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    if (arg.startsWith("--plugin=")) {
      sources.push(arg.slice("--plugin=".length));
    } else if (arg === "--plugin") {
      const value = args[i + 1];
      if (value === undefined || value === "") {
        throw new UsageError(
          "--plugin needs a .ts/.js file, a folder or a module specifier (npm:, jsr:, https:)",
        );
      }
      sources.push(value);
      i++;
    } else {
      rest.push(arg);
    }
  }
  const loaded = sources.length === 0 ? [] : await loadPlugins(sources, {
    label: "--plugin",
    warn: (message) => io.err(`brunt: warning: ${message}`),
  });
  return { rest, plugins: pluginsWith(loaded) };
}

function summary(entry: PluginEntry): string {
  return firstLine(entry.description) || "(no description)";
}
