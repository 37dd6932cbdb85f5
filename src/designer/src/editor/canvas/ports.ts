import type { ActivityDescriptor, ElsaActivity, InputDescriptor } from "../../api/types";

/** The input hint of Elsa's FlowSwitch cases: a list of { label, condition }, each label a port. */
const casesHint = "flow-switch-editor";

/**
 * An input's literal value, whether stored raw (Elsa keeps FlowSwitch cases that way) or wrapped as
 * { typeName, expression: { type: "Literal", value } }, where the value may itself be JSON text.
 */
function literalValue(activity: ElsaActivity, input: InputDescriptor): unknown {
  let value: unknown = activity[input.name];
  if (value && typeof value === "object" && !Array.isArray(value) && "expression" in value) {
    const expression = (value as { expression?: { type?: string; value?: unknown } }).expression;
    if (!expression || (expression.type ?? "Literal") !== "Literal") return undefined;
    value = expression.value;
  }
  if (typeof value === "string" && /^\s*\[/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function names(value: unknown, pick: (item: unknown) => unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  return items.map(pick).filter((n): n is string | number => typeof n === "string" || typeof n === "number")
    .map((n) => String(n).trim()).filter((n) => n.length > 0);
}

/** Ports an activity's own inputs add to its descriptor's outcomes: switch cases, fork branches, expected status codes. */
function inputPorts(activity: ElsaActivity, descriptor: ActivityDescriptor): string[] {
  const ports: string[] = [];
  for (const input of descriptor.inputs) {
    const value = literalValue(activity, input);
    if (value === undefined || value === null) continue;
    if (input.uiHint === casesHint) {
      ports.push(...names(value, (c) => (c && typeof c === "object" ? (c as { label?: unknown }).label : undefined)));
    } else if (input.name === "branches" || input.name === "expectedStatusCodes") {
      ports.push(...names(value, (n) => n));
    }
  }
  return ports;
}

/**
 * The source ports a node shows. Fixed descriptors: their outcomes. Dynamic ones: the outcomes plus
 * the ports the activity's inputs define. Unknown types: the ports their connections use, so those
 * connections stay visible and are saved back.
 */
export function portsFor(activity: ElsaActivity, descriptor: ActivityDescriptor | undefined, usedPorts: readonly string[] = []): string[] {
  if (!descriptor) return usedPorts.length > 0 ? [...new Set(usedPorts)] : ["Done"];
  if (!descriptor.dynamicOutcomes) return descriptor.outcomes;
  const dynamic = inputPorts(activity, descriptor);
  // Cases first, then the fixed ones (Default) last, as users read a switch top-down.
  return [...new Set([...dynamic, ...descriptor.outcomes])];
}

export function samePorts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}
