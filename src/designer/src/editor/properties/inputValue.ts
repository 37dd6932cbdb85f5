import type { ElsaActivity, InputDescriptor } from "../../api/types";

/** The UI hints the server's SDK defines (AutomationServer.Sdk.Activities.UIHints). */
export const UIHints = {
  singleLine: "singleline",
  multiLine: "multiline",
  checkbox: "checkbox",
  select: "dropdown",
  duration: "duration",
  dateTime: "datetime",
  code: "code-editor",
  json: "json-editor",
  variablePicker: "variable-picker",
  cases: "flow-switch-editor",
  list: "multi-text",
  dictionary: "dictionary",
} as const;

export const expressionSyntaxes = ["Literal", "JavaScript", "Liquid", "Variable"] as const;

export interface InputValue {
  syntax: string;
  value: unknown;
}

interface WrappedInput {
  typeName?: string;
  expression?: { type?: string; value?: unknown };
}

/** Inputs Elsa writes bare, not wrapped in an expression: switch cases and the variable a SetVariable sets. */
function isBare(input: InputDescriptor): boolean {
  return input.uiHint === UIHints.cases || input.uiHint === UIHints.variablePicker;
}

export function readInput(activity: ElsaActivity, input: InputDescriptor): InputValue {
  const raw = activity[input.name] as WrappedInput | undefined;
  if (raw && typeof raw === "object" && !Array.isArray(raw) && "expression" in raw && raw.expression) {
    return { syntax: raw.expression.type ?? "Literal", value: raw.expression.value ?? "" };
  }
  return { syntax: raw === undefined ? input.defaultSyntax || "Literal" : "Literal", value: raw ?? "" };
}

function isEmpty(value: unknown): boolean {
  return value === "" || value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** Elsa's wrapped form: { typeName, expression: { type, value } }; an empty literal removes the input. */
export function writeInput(activity: ElsaActivity, input: InputDescriptor, next: InputValue): ElsaActivity {
  const copy = { ...activity };
  if (next.syntax === "Literal" && isEmpty(next.value)) {
    delete copy[input.name];
  } else if (isBare(input) && next.syntax === "Literal") {
    copy[input.name] = next.value;
  } else {
    copy[input.name] = { typeName: input.typeName, expression: { type: next.syntax, value: next.value } };
  }
  return copy;
}

/** The syntaxes an input offers: literal only when it does not support expressions, plus whatever it holds now. */
export function syntaxesFor(input: InputDescriptor, current: string): string[] {
  const offered: string[] = input.supportsExpressions ? [...expressionSyntaxes] : ["Literal"];
  return offered.includes(current) ? offered : [...offered, current];
}

/** Text of a value for a text-like editor. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
