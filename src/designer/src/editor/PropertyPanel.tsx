import type { ElsaActivity, InputDescriptor } from "../api/types";
import type { ActivityFlowNode } from "./graph";
import { editorKind, readInput, syntaxes, writeInput, type InputValue } from "./inputValues";

interface Props {
  node: ActivityFlowNode | undefined;
  onChange: (nodeId: string, activity: ElsaActivity) => void;
}

export function PropertyPanel({ node, onChange }: Props) {
  if (!node) return <aside className="properties"><p className="empty">Select a node to edit its properties.</p></aside>;
  const { activity, descriptor, problems } = node.data;
  const update = (next: ElsaActivity) => onChange(node.id, next);

  return (
    <aside className="properties" data-node-id={node.id}>
      <h2>{descriptor?.displayName ?? "Unknown activity"}</h2>
      <label>
        Name
        <input data-testid="prop-name" value={activity.name ?? ""} onChange={(e) => update({ ...activity, name: e.target.value })} />
      </label>
      {!descriptor && <p className="warning">No activity type '{activity.type}' is installed on this server. The node is kept as it is.</p>}
      {problems.length > 0 && <ul className="node-problems">{problems.map((p, i) => <li key={i}>{p}</li>)}</ul>}
      {[...(descriptor?.inputs ?? [])].sort((a, b) => a.order - b.order).map((input) => (
        <InputField key={input.name} input={input} value={readInput(activity, input)} onChange={(v) => update(writeInput(activity, input, v))} />
      ))}
    </aside>
  );
}

function InputField({ input, value, onChange }: { input: InputDescriptor; value: InputValue; onChange: (v: InputValue) => void }) {
  const id = `prop-${input.name}`;
  const literal = value.syntax === "Literal";
  const kind = literal ? editorKind(input) : "multiline";
  const text = value.value === null || value.value === undefined ? "" : typeof value.value === "string" ? value.value : JSON.stringify(value.value);
  const set = (v: unknown) => onChange({ syntax: value.syntax, value: v });

  return (
    <div className="field">
      <label htmlFor={id}>
        {input.displayName}
        {input.required && <span className="required"> *</span>}
      </label>
      {input.supportsExpressions && (
        <select aria-label={`${input.displayName} syntax`} data-testid={`syntax-${input.name}`} value={value.syntax} onChange={(e) => onChange({ syntax: e.target.value, value: text })}>
          {syntaxes.map((s) => <option key={s}>{s}</option>)}
        </select>
      )}
      {kind === "checkbox" ? (
        <input id={id} data-testid={id} type="checkbox" checked={value.value === true || value.value === "true"} onChange={(e) => set(e.target.checked)} />
      ) : kind === "select" ? (
        <select id={id} data-testid={id} value={text} onChange={(e) => set(e.target.value)}>
          <option value="" />
          {input.options!.map((o) => <option key={o}>{o}</option>)}
        </select>
      ) : kind === "multiline" ? (
        <textarea id={id} data-testid={id} className={literal ? "" : "code"} rows={4} value={text} onChange={(e) => set(e.target.value)} />
      ) : kind === "number" ? (
        <input id={id} data-testid={id} type="number" value={text} onChange={(e) => set(e.target.value === "" ? "" : Number(e.target.value))} />
      ) : (
        <input id={id} data-testid={id} value={text} onChange={(e) => set(e.target.value)} />
      )}
      {input.description && <small>{input.description}</small>}
    </div>
  );
}
