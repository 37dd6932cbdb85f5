import type { ElsaVariable } from "../../api/types";
import type { EditorProps } from "./editorProps";

/** The id a stored reference points to: Elsa writes the variable object; a bare name is accepted too. */
export function referencedVariable(value: unknown, variables: ElsaVariable[]): ElsaVariable | undefined {
  if (typeof value === "string") return variables.find((v) => v.name === value || v.id === value);
  if (value && typeof value === "object") {
    const ref = value as { id?: unknown; name?: unknown };
    return variables.find((v) => v.id === ref.id) ?? variables.find((v) => v.name === ref.name);
  }
  return undefined;
}

interface SelectProps {
  id: string;
  variables: ElsaVariable[];
  selectedId: string;
  onSelect: (variable: ElsaVariable | undefined) => void;
  missing?: string;
  label?: string;
}

export function VariableSelect({ id, variables, selectedId, onSelect, missing, label }: SelectProps) {
  return (
    <select id={id} data-testid={id} aria-label={label} value={selectedId} onChange={(e) => onSelect(variables.find((v) => v.id === e.target.value))}>
      <option value="">{variables.length ? "(none)" : "(no variables: add one with no node selected)"}</option>
      {variables.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
      {missing && <option value={selectedId}>{missing} (missing)</option>}
    </select>
  );
}

/** The variable a SetVariable sets: stored as Elsa does, the variable's id, name and type. */
export function VariablePickerEditor({ id, value, onChange, variables }: EditorProps) {
  const current = referencedVariable(value, variables);
  const orphan = !current && value ? (typeof value === "string" ? value : String((value as { name?: unknown }).name ?? "")) : "";
  return (
    <VariableSelect
      id={id} variables={variables} selectedId={current?.id ?? (orphan ? "__missing" : "")} missing={orphan || undefined}
      onSelect={(v) => onChange(v ? { id: v.id, name: v.name, typeName: v.typeName } : "")}
    />
  );
}

/** A Variable expression names the variable. */
export function VariableExpressionEditor({ id, value, onChange, variables }: EditorProps) {
  const current = referencedVariable(value, variables);
  const orphan = !current && typeof value === "string" ? value : "";
  return (
    <VariableSelect
      id={id} variables={variables} selectedId={current?.id ?? (orphan ? "__missing" : "")} missing={orphan || undefined}
      onSelect={(v) => onChange(v ? v.name : "")}
    />
  );
}
