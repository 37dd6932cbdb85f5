import type { ElsaActivity, InputDescriptor } from "../api/types";

export const syntaxes = ["Literal", "JavaScript", "Liquid"] as const;

export interface InputValue {
  syntax: string;
  value: unknown;
}

interface WrappedInput {
  typeName?: string;
  expression?: { type?: string; value?: unknown };
}

export function readInput(activity: ElsaActivity, input: InputDescriptor): InputValue {
  const raw = activity[input.name] as WrappedInput | undefined;
  if (raw && typeof raw === "object" && raw.expression) {
    return { syntax: raw.expression.type ?? "Literal", value: raw.expression.value ?? "" };
  }
  return { syntax: input.defaultSyntax || "Literal", value: raw ?? "" };
}

/** Elsa's wrapped form: { typeName, expression: { type, value } }; an empty literal removes the input. */
export function writeInput(activity: ElsaActivity, input: InputDescriptor, next: InputValue): ElsaActivity {
  const copy = { ...activity };
  if (next.syntax === "Literal" && (next.value === "" || next.value === undefined)) {
    delete copy[input.name];
  } else {
    copy[input.name] = { typeName: input.typeName, expression: { type: next.syntax, value: next.value } };
  }
  return copy;
}

const numberTypes = new Set(["Int32", "Int64", "Double", "Decimal", "Single", "Int16", "Byte"]);

export type EditorKind = "checkbox" | "select" | "multiline" | "number" | "text";

export function editorKind(input: InputDescriptor): EditorKind {
  const hint = input.uiHint ?? "";
  if (hint === "checkbox" || input.typeName === "Boolean" && hint !== "code-editor") return "checkbox";
  if (hint === "dropdown" && input.options?.length) return "select";
  if (hint === "multiline" || hint === "code-editor" || hint === "json-editor") return "multiline";
  if (numberTypes.has(input.typeName)) return "number";
  return "text";
}
