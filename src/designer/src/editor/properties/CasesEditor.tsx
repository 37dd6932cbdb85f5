import { CodeEditor } from "./CodeEditor";
import type { EditorProps } from "./editorProps";

/** One switch case as Elsa stores it: bare in the node's "cases" array, each with a label (its port) and a condition expression. */
export interface SwitchCase {
  label: string;
  condition: { type: string; value: string };
}

const conditionSyntaxes = ["JavaScript", "Liquid", "Literal"];

export function toCases(value: unknown): SwitchCase[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const c = (item ?? {}) as { label?: unknown; condition?: unknown };
    const condition = c.condition && typeof c.condition === "object"
      ? c.condition as { type?: string; value?: unknown }
      : { type: "Literal", value: c.condition };
    return {
      label: typeof c.label === "string" ? c.label : "",
      condition: { type: condition.type ?? "JavaScript", value: condition.value === undefined || condition.value === null ? "" : String(condition.value) },
    };
  });
}

export function CasesEditor({ id, value, onChange }: EditorProps) {
  const cases = toCases(value);
  const set = (next: SwitchCase[]) => onChange(next.length ? next : "");
  const update = (i: number, next: SwitchCase) => set(cases.map((c, j) => (j === i ? next : c)));
  const labels = cases.map((c) => c.label.trim());

  return (
    <div className="cases-editor" data-testid={id}>
      {cases.map((c, i) => (
        <div className="case" key={i}>
          <div className="row">
            <input data-testid={`${id}-label-${i}`} aria-label={`Case ${i + 1} label`} placeholder="label (the port)" value={c.label}
              onChange={(e) => update(i, { ...c, label: e.target.value })} />
            <select data-testid={`${id}-syntax-${i}`} aria-label={`Case ${i + 1} condition syntax`} value={c.condition.type}
              onChange={(e) => update(i, { ...c, condition: { ...c.condition, type: e.target.value } })}>
              {[...new Set([...conditionSyntaxes, c.condition.type])].map((s) => <option key={s}>{s}</option>)}
            </select>
            <button type="button" aria-label={`Remove case ${i + 1}`} onClick={() => set(cases.filter((_, j) => j !== i))}>×</button>
          </div>
          <CodeEditor
            key={c.condition.type} testId={`${id}-condition-${i}`} label={`Case ${i + 1} condition`}
            language={c.condition.type === "JavaScript" ? "javascript" : c.condition.type === "Liquid" ? "liquid" : "plain"}
            value={c.condition.value} placeholder="a condition, e.g. getInput('risk') > 0.7"
            onChange={(v) => update(i, { ...c, condition: { ...c.condition, value: v } })}
          />
          {c.label.trim() === "" && <span className="field-error">A case needs a label: it names the port.</span>}
          {c.label.trim() !== "" && labels.indexOf(c.label.trim()) !== i && <span className="field-error">Another case has this label.</span>}
        </div>
      ))}
      <button type="button" data-testid={`${id}-add`} onClick={() => set([...cases, { label: `Case${cases.length + 1}`, condition: { type: "JavaScript", value: "" } }])}>
        Add case
      </button>
    </div>
  );
}
