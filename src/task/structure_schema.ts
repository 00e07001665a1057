/**
 * JSON Schemas of the two task file forms' structure: which keys exist and
 * what type each has. Plugin args are checked afterwards, each against its
 * own plugin's schema.
 *
 * @module
 */
import type { JsonSchema } from "../model/plugin_registry.ts";

/** A `{name: args}` object naming exactly one plugin. */
function onePlugin(noun: string, example: unknown): JsonSchema {
  return {
    type: "object",
    title: noun,
    examples: [example],
    minProperties: 1,
    maxProperties: 1,
  };
}

const STRING = { type: "string" };
const STRINGS = { type: "array", items: STRING };
const OBJECT = { type: "object" };

/** What a hook does to the service: `"fault": "on" | "off" | "pulse"`. */
const FAULT: JsonSchema = {
  enum: ["on", "off", "pulse"],
  description: 'what the hook does: "on" starts a fault, "off" ends it, "pulse" is a fault ' +
    "that lasts as long as the hook's run",
};

/** A workload's `resilience` settings (seconds and ratios). */
const RESILIENCE: JsonSchema = {
  type: "object",
  description: 'resilience analysis settings, like {"warmup": 2, "window": 1, "hold": 1}',
  properties: {
    warmup: { type: "number", minimum: 0 },
    window: { type: "number", exclusiveMinimum: 0 },
    hold: { type: "number", minimum: 0 },
    latency_margin: { type: "number", minimum: 0 },
    failure_margin: { type: "number", minimum: 0, maximum: 100 },
    impact_factor: { type: "number", minimum: 1 },
  },
  additionalProperties: false,
};

const V2_HOOK: JsonSchema = {
  type: "object",
  properties: {
    description: STRING,
    action: onePlugin("hook", { sys_call: "echo hello" }),
    trigger: onePlugin("trigger", { event: { unit: "iteration", at: [10] } }),
    fault: FAULT,
  },
  required: ["action", "trigger"],
  additionalProperties: false,
};

const V2_WORKLOAD_PROPERTIES = {
  scenario: onePlugin("scenario", { "Dummy.dummy": { sleep: 0.1 } }),
  runner: onePlugin("runner", { constant: { times: 10, concurrency: 2 } }),
  hooks: { type: "array", items: V2_HOOK },
  sla: {
    type: "object",
    description: 'an object of SLA criteria, like {"failure_rate": {"max": 0}}',
  },
  contexts: OBJECT,
  resilience: RESILIENCE,
};

/** The top level of a Rally task format v2 file. */
export const V2_TASK_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    // Checked by the loader, which explains the two forms when it is wrong.
    version: {},
    title: STRING,
    description: STRING,
    tags: STRINGS,
    subtasks: { type: "array", minItems: 1, items: OBJECT },
  },
  required: ["subtasks"],
  additionalProperties: false,
};

/** A v2 subtask with one workload (`scenario`, `runner`, … directly in it). */
export const V2_SUBTASK_SCHEMA: JsonSchema = {
  type: "object",
  properties: { title: STRING, description: STRING, tags: STRINGS, ...V2_WORKLOAD_PROPERTIES },
  additionalProperties: false,
};

/** A v2 subtask with a list of `workloads`. */
export const V2_WORKLOADS_SUBTASK_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    title: STRING,
    description: STRING,
    tags: STRINGS,
    run_in_parallel: { type: "boolean" },
    workloads: { type: "array", minItems: 1, items: OBJECT },
  },
  additionalProperties: false,
};

/** One entry of a v2 subtask's `workloads`. */
export const V2_WORKLOAD_SCHEMA: JsonSchema = {
  type: "object",
  properties: { description: STRING, ...V2_WORKLOAD_PROPERTIES },
  required: ["scenario"],
  additionalProperties: false,
};

/** The top level of the spec's form: scenario names, each with a list of workloads. */
export const SPEC_TASK_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: {
    type: "array",
    description: 'a list of workloads, like [{"args": {}, "runner": {"type": "serial"}}]',
    minItems: 1,
    items: OBJECT,
  },
};

const SPEC_HOOKS: JsonSchema = {
  type: "array",
  items: {
    type: "object",
    properties: {
      name: STRING,
      description: STRING,
      args: {},
      trigger: {
        type: "object",
        properties: { name: STRING, args: {} },
        required: ["name", "args"],
        additionalProperties: false,
      },
      fault: FAULT,
    },
    required: ["name", "args", "trigger"],
    additionalProperties: false,
  },
};

/** One workload of the spec's form. */
export const SPEC_WORKLOAD_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    args: {},
    runner: {
      type: "object",
      properties: { type: STRING },
      required: ["type"],
    },
    hook: SPEC_HOOKS,
    hooks: SPEC_HOOKS,
    sla: V2_WORKLOAD_PROPERTIES.sla,
    context: OBJECT,
    description: STRING,
    resilience: RESILIENCE,
  },
  additionalProperties: false,
};
