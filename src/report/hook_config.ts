/**
 * Reading a hook's `config` (the entry as written in the task file) in
 * either accepted form, for display.
 *
 * @module
 */

/** A hook entry's parts as the report shows them. */
export interface HookConfigView {
  /** The description, empty when none. */
  description: string;
  /** The hook (action) plugin name, `?` when the entry names none. */
  actionName: string;
  /** The action's args. */
  actionArgs: unknown;
  /** The trigger plugin name, `?` when none. */
  triggerName: string;
  /** The trigger's args. */
  triggerArgs: unknown;
}

/**
 * Reads the spec's form `{name, description?, args, trigger: {name, args}}`
 * and Rally v2's `{description?, action: {name: args}, trigger: {name: args}}`;
 * anything else gives `?` names and undefined args (the raw entry is shown
 * beside it anyway).
 */
export function readHookConfig(config: unknown): HookConfigView {
  const c = isObject(config) ? config : {};
  const view: HookConfigView = {
    description: typeof c.description === "string" ? c.description : "",
    actionName: "?",
    actionArgs: undefined,
    triggerName: "?",
    triggerArgs: undefined,
  };
  if (typeof c.name === "string") {
    view.actionName = c.name;
    view.actionArgs = c.args;
  } else if (isObject(c.action)) {
    [view.actionName, view.actionArgs] = single(c.action);
  }
  if (isObject(c.trigger)) {
    if (
      typeof c.trigger.name === "string" &&
      Object.keys(c.trigger).every((k) => k === "name" || k === "args")
    ) {
      view.triggerName = c.trigger.name;
      view.triggerArgs = c.trigger.args;
    } else {
      [view.triggerName, view.triggerArgs] = single(c.trigger);
    }
  }
  return view;
}

/** `{name: args}` → `[name, args]`. */
function single(o: Record<string, unknown>): [string, unknown] {
  const keys = Object.keys(o);
  return keys.length === 1 ? [keys[0], o[keys[0]]] : ["?", o];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
