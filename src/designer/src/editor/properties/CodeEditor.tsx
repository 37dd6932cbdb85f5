import { lazy, Suspense } from "react";

export type CodeLanguage = "javascript" | "liquid" | "json" | "plain";

export interface CodeEditorProps {
  /** Put on the editable element, so tests and labels reach the text itself. */
  testId: string;
  label: string;
  language: CodeLanguage;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}

// CodeMirror is the largest part of the bundle: loaded with the first code field, not with the journey list.
const CodeMirrorEditor = lazy(() => import("./CodeMirrorEditor"));

/** A syntax-highlighting editor; the language is fixed for its lifetime (give it a key per language to switch). */
export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<div className="code-editor loading" aria-busy="true">{props.value}</div>}>
      <CodeMirrorEditor {...props} />
    </Suspense>
  );
}
