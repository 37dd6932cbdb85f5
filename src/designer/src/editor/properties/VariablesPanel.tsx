import { useEffect, useState } from "react";
import type { ElsaVariable } from "../../api/types";

const variableTypes = ["String", "Int32", "Int64", "Double", "Decimal", "Boolean", "DateTime", "DateTimeOffset", "TimeSpan", "Object"];
const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

function newVariableId(): string {
  return crypto.randomUUID().replace(/-/g, "").slice(0, 16);
}

function freeName(variables: ElsaVariable[]): string {
  let n = variables.length + 1;
  while (variables.some((v) => v.name === `Variable${n}`)) n++;
  return `Variable${n}`;
}

interface Props {
  variables: ElsaVariable[];
  onChange: (variables: ElsaVariable[]) => void;
}

/** The workflow's variables (Elsa's document-level "variables"); nodes refer to them by id, so renaming keeps them bound. */
export function VariablesPanel({ variables, onChange }: Props) {
  const update = (index: number, next: ElsaVariable) => onChange(variables.map((v, i) => (i === index ? next : v)));
  return (
    <section className="variables" data-testid="variables-panel">
      <h2>Variables</h2>
      {variables.length === 0 && <p className="empty">No variables yet. Nodes can set them and bind outputs to them.</p>}
      {variables.map((variable, i) => (
        <VariableRow
          key={variable.id} index={i} variable={variable}
          otherNames={variables.filter((_, j) => j !== i).map((v) => v.name)}
          onChange={(next) => update(i, next)}
          onDelete={() => onChange(variables.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" data-testid="add-variable" onClick={() => onChange([...variables, { id: newVariableId(), name: freeName(variables), typeName: "String", value: null }])}>
        Add variable
      </button>
    </section>
  );
}

interface RowProps {
  index: number;
  variable: ElsaVariable;
  otherNames: string[];
  onChange: (variable: ElsaVariable) => void;
  onDelete: () => void;
}

function VariableRow({ index, variable, otherNames, onChange, onDelete }: RowProps) {
  // The name is kept here while it is not usable (empty, a duplicate), so typing is never blocked.
  const [name, setName] = useState(variable.name);
  useEffect(() => setName(variable.name), [variable.name]);
  const problem = !namePattern.test(name)
    ? "A name starts with a letter or '_' and holds letters, digits and '_'."
    : otherNames.includes(name) ? `Another variable is named '${name}'.` : "";

  function rename(next: string) {
    setName(next);
    if (namePattern.test(next) && !otherNames.includes(next)) onChange({ ...variable, name: next });
  }

  const value = variable.value === null || variable.value === undefined ? "" : String(variable.value);
  return (
    <div className="variable-row" data-variable-id={variable.id}>
      <input data-testid={`variable-name-${index}`} aria-label="Variable name" value={name} onChange={(e) => rename(e.target.value)} aria-invalid={problem !== ""} />
      <select data-testid={`variable-type-${index}`} aria-label="Variable type" value={variable.typeName} onChange={(e) => onChange({ ...variable, typeName: e.target.value })}>
        {[...new Set([...variableTypes, variable.typeName])].map((t) => <option key={t}>{t}</option>)}
      </select>
      <input data-testid={`variable-value-${index}`} aria-label="Initial value" placeholder="initial value" value={value}
        onChange={(e) => onChange({ ...variable, value: e.target.value === "" ? null : e.target.value })} />
      <button type="button" data-testid={`variable-delete-${index}`} aria-label={`Delete ${variable.name}`} onClick={onDelete}>×</button>
      {problem && <span className="field-error">{problem}</span>}
    </div>
  );
}
