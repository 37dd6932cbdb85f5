import type { ElsaActivity, ElsaVariable, ValidationProblem } from "../api/types";
import type { ActivityFlowNode } from "./graph";
import { InputField } from "./properties/InputField";
import { readInput, writeInput } from "./properties/inputValue";
import { OutputBinding } from "./properties/OutputBinding";
import { VariablesPanel } from "./properties/VariablesPanel";

interface Props {
  node: ActivityFlowNode | undefined;
  onChange: (nodeId: string, activity: ElsaActivity) => void;
  /** The server's latest validation problems for the whole journey. */
  problems: ValidationProblem[];
  variables: ElsaVariable[];
  onVariablesChange: (variables: ElsaVariable[]) => void;
}

/** The selected node's inputs and outputs, generated from its descriptor; with no node selected, the journey's variables. */
export function PropertyPanel({ node, onChange, problems, variables, onVariablesChange }: Props) {
  if (!node) {
    return (
      <aside className="properties">
        <p className="empty">Select a node to edit its properties.</p>
        <VariablesPanel variables={variables} onChange={onVariablesChange} />
      </aside>
    );
  }
  const { activity, descriptor } = node.data;
  const update = (next: ElsaActivity) => onChange(node.id, next);
  const nodeProblems = problems.filter((p) => p.nodeId === node.id);
  const fields = new Set([...(descriptor?.inputs ?? []).map((i) => i.name), ...(descriptor?.outputs ?? []).map((o) => o.name)]);
  const general = nodeProblems.filter((p) => !p.field || !fields.has(p.field));
  const problemsOf = (field: string) => nodeProblems.filter((p) => p.field === field);

  return (
    <aside className="properties" data-node-id={node.id}>
      <h2>{descriptor?.displayName ?? "Unknown activity"}</h2>
      <label>
        Name
        <input data-testid="prop-name" value={activity.name ?? ""} onChange={(e) => update({ ...activity, name: e.target.value })} />
      </label>
      {!descriptor && <p className="warning">No activity type '{activity.type}' is installed on this server. The node is kept as it is.</p>}
      {general.length > 0 && (
        <ul className="panel-problems" data-testid="node-problems-panel">
          {general.map((p, i) => <li key={i} className={p.severity === "Error" ? "error" : "warning-text"}>{p.message}</li>)}
        </ul>
      )}
      {[...(descriptor?.inputs ?? [])].sort((a, b) => a.order - b.order).map((input) => (
        <InputField
          key={`${node.id}:${input.name}`} input={input} value={readInput(activity, input)} variables={variables} problems={problemsOf(input.name)}
          onChange={(v) => update(writeInput(activity, input, v))}
        />
      ))}
      {(descriptor?.outputs ?? []).length > 0 && <h3>Outputs</h3>}
      {(descriptor?.outputs ?? []).map((output) => (
        <OutputBinding key={`${node.id}:${output.name}`} activity={activity} output={output} variables={variables} onChange={update} />
      ))}
    </aside>
  );
}
