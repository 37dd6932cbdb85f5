import { useEffect, useRef } from "react";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { liquid } from "@codemirror/lang-liquid";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Annotation, EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderText } from "@codemirror/view";
import type { CodeEditorProps, CodeLanguage } from "./CodeEditor";


/** Marks changes that come from the model (undo on the canvas, another field), which must not echo back as edits. */
const fromModel = Annotation.define<boolean>();

const languages: Record<CodeLanguage, () => Extension> = {
  javascript: () => javascript(),
  liquid: () => liquid(),
  json: () => json(),
  plain: () => [],
};

/** A CodeMirror editor; the language is fixed for its lifetime (give it a key per language to switch). */
export default function CodeMirrorEditor({ testId, label, language, value, onChange, placeholder }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latestOnChange = useRef(onChange);
  latestOnChange.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          bracketMatching(),
          EditorView.lineWrapping,
          languages[language](),
          placeholderText(placeholder ?? ""),
          EditorView.contentAttributes.of({ "data-testid": testId, "aria-label": label, "data-language": language }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((t) => t.annotation(fromModel))) latestOnChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Later value changes arrive through the effect below, not by rebuilding the view.
  }, [language, testId]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value }, annotations: fromModel.of(true) });
    }
  }, [value]);

  return <div className={`code-editor code-${language}`} ref={host} />;
}
