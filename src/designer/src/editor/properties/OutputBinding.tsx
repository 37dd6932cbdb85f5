import type { ElsaActivity, ElsaVariable, OutputDescriptor } from "../../api/types";
import { VariableSelect } from "./VariablePicker";

/** Elsa's output shape: { typeName, memoryReference: { id } } naming the variable that receives the value. */
export function readBinding(activity: ElsaActivity, output: OutputDescriptor): string {
  const raw = activity[output.name] as { memoryReference?: { id?: string } } | undefined;
  return raw?.memoryReference?.id ?? "";
}

export function writeBinding(activity: ElsaActivity, output: OutputDescriptor, variable: ElsaVariable | undefined): ElsaActivity {
  const copy = { ...activity };
  if (variable) copy[output.name] = { typeName: output.typeName, memoryReference: { id: variable.id } };
  else delete copy[output.name];
  return copy;
}

interface Props {
  activity: ElsaActivity;
  output: OutputDescriptor;
  variables: ElsaVariable[];
  onChange: (activity: ElsaActivity) => void;
}

export function OutputBinding({ activity, output, variables, onChange }: Props) {
  const bound = readBinding(activity, output);
  const known = variables.some((v) => v.id === bound);
  return (
    <div className="field">
      <label htmlFor={`output-${output.name}`}>{output.displayName} → variable</label>
      <VariableSelect
        id={`output-${output.name}`} variables={variables} selectedId={bound} missing={bound && !known ? bound : undefined}
        onSelect={(v) => onChange(writeBinding(activity, output, v))}
      />
      {output.description && <small>{output.description}</small>}
    </div>
  );
}
