import type { ComponentType } from "react";
import type { InputDescriptor } from "../../api/types";
import { CasesEditor } from "./CasesEditor";
import { CheckboxEditor } from "./CheckboxEditor";
import { DateTimeEditor } from "./DateTimeEditor";
import { DictionaryEditor } from "./DictionaryEditor";
import { DurationEditor } from "./DurationEditor";
import type { EditorProps } from "./editorProps";
import { UIHints } from "./inputValue";
import { JsonEditor } from "./JsonEditor";
import { ListEditor } from "./ListEditor";
import { NumberEditor } from "./NumberEditor";
import { PickerEditor } from "./PickerEditor";
import { hasPicker } from "./pickers";
import { SelectEditor } from "./SelectEditor";
import { MultiLineEditor, TextEditor } from "./TextEditor";
import { VariablePickerEditor } from "./VariablePicker";
import { LiteralCodeEditor } from "./LiteralCodeEditor";

const numberTypes = new Set(["Int16", "Int32", "Int64", "Byte", "Double", "Single", "Decimal"]);

/** The literal editor of an input: by its UI hint first, then by its type (inputs without a hint get the type's default). */
export function literalEditorFor(input: InputDescriptor): ComponentType<EditorProps> {
  const hint = input.uiHint ?? "";
  if (hasPicker(hint)) return PickerEditor;
  switch (hint) {
    case UIHints.checkbox: return CheckboxEditor;
    case UIHints.select: return input.options?.length ? SelectEditor : TextEditor;
    case UIHints.multiLine: return MultiLineEditor;
    case UIHints.duration: return DurationEditor;
    case UIHints.dateTime: return DateTimeEditor;
    case UIHints.code: return LiteralCodeEditor;
    case UIHints.json: return JsonEditor;
    case UIHints.variablePicker: return VariablePickerEditor;
    case UIHints.cases: return CasesEditor;
    case UIHints.list: return ListEditor;
    case UIHints.dictionary: return DictionaryEditor;
  }
  if (input.typeName === "Boolean") return CheckboxEditor;
  if (input.typeName === "TimeSpan") return DurationEditor;
  if (input.typeName === "DateTimeOffset" || input.typeName === "DateTime") return DateTimeEditor;
  if (numberTypes.has(input.typeName)) return NumberEditor;
  if (input.typeName.endsWith("[]")) return ListEditor;
  if (input.options?.length) return SelectEditor;
  return TextEditor;
}
