import type { ElsaVariable, InputDescriptor } from "../../api/types";

/** What every literal editor gets: the field's test id (prop-<input>), its descriptor and the literal value. */
export interface EditorProps {
  id: string;
  input: InputDescriptor;
  value: unknown;
  onChange: (value: unknown) => void;
  variables: ElsaVariable[];
}
