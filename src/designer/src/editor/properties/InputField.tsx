import type { ElsaVariable, InputDescriptor, ValidationProblem } from "../../api/types";
import { CodeEditor } from "./CodeEditor";
import { literalEditorFor } from "./editorFor";
import { asText, syntaxesFor, type InputValue } from "./inputValue";
import { VariableExpressionEditor } from "./VariablePicker";

interface Props {
  input: InputDescriptor;
  value: InputValue;
  onChange: (value: InputValue) => void;
  variables: ElsaVariable[];
  problems: ValidationProblem[];
}

/** One input: label, syntax switch (when it takes expressions), the editor for its syntax, and the server's problems with it. */
export function InputField({ input, value, onChange, variables, problems }: Props) {
  const id = `prop-${input.name}`;
  const syntaxes = syntaxesFor(input, value.syntax);
  const set = (v: unknown) => onChange({ syntax: value.syntax, value: v });

  function switchSyntax(syntax: string) {
    // Text carries over (a literal becomes the start of an expression); structured literals do not.
    const text = typeof value.value === "string" ? value.value : "";
    onChange({ syntax, value: syntax === "Variable" ? "" : text });
  }

  let editor;
  if (value.syntax === "Literal") {
    const Literal = literalEditorFor(input);
    editor = <Literal id={id} input={input} value={value.value} onChange={set} variables={variables} />;
  } else if (value.syntax === "Variable") {
    editor = <VariableExpressionEditor id={id} input={input} value={value.value} onChange={set} variables={variables} />;
  } else {
    const language = value.syntax === "JavaScript" ? "javascript" : value.syntax === "Liquid" ? "liquid" : "json";
    editor = <CodeEditor key={value.syntax} testId={id} label={`${input.displayName} (${value.syntax})`} language={language} value={asText(value.value)} onChange={set} />;
  }

  return (
    <div className={`field${problems.some((p) => p.severity === "Error") ? " field-invalid" : ""}`} data-field={input.name}>
      <div className="field-head">
        <label htmlFor={id}>
          {input.displayName}
          {input.required && <span className="required" title="Required"> *</span>}
        </label>
        {syntaxes.length > 1 && (
          <select className="syntax" aria-label={`${input.displayName} syntax`} data-testid={`syntax-${input.name}`} value={value.syntax} onChange={(e) => switchSyntax(e.target.value)}>
            {syntaxes.map((s) => <option key={s}>{s}</option>)}
          </select>
        )}
      </div>
      {editor}
      {input.description && <small>{input.description}</small>}
      {problems.length > 0 && (
        <ul className="field-problems" data-testid={`problem-${input.name}`}>
          {problems.map((p, i) => <li key={i} className={p.severity === "Error" ? "error" : "warning-text"}>{p.message}</li>)}
        </ul>
      )}
    </div>
  );
}
