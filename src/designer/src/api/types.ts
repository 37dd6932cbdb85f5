export interface InputDescriptor {
  name: string;
  typeName: string;
  displayName: string;
  description?: string | null;
  uiHint?: string | null;
  defaultValue?: unknown;
  required: boolean;
  options?: string[] | null;
  defaultSyntax: string;
  supportsExpressions: boolean;
  order: number;
}

export interface OutputDescriptor {
  name: string;
  typeName: string;
  displayName: string;
  description?: string | null;
}

export interface ActivityDescriptor {
  typeName: string;
  version: number;
  category: string;
  displayName: string;
  description?: string | null;
  inputs: InputDescriptor[];
  outputs?: OutputDescriptor[];
  outcomes: string[];
  dynamicOutcomes: boolean;
  isTrigger: boolean;
  source: string;
}

export type DefinitionStatus = "Draft" | "Published" | "Retracted";

export interface DefinitionSummary {
  definitionId: string;
  id: string;
  version: number;
  name: string;
  description?: string | null;
  status: DefinitionStatus;
  isPublished: boolean;
  updatedAt: string;
}

export interface ValidationProblem {
  code: string;
  message: string;
  nodeId?: string | null;
  field?: string | null;
  severity: "Error" | "Warning" | string;
}

/** An Elsa 3 workflow definition document; only the parts the designer edits are typed. */
export interface ElsaDocument {
  definitionId?: string;
  name?: string;
  root: ElsaFlowchart;
  [key: string]: unknown;
}

export interface ElsaFlowchart {
  type: string;
  activities: ElsaActivity[];
  connections: ElsaConnection[];
  [key: string]: unknown;
}

export interface ElsaActivity {
  id: string;
  type: string;
  name?: string;
  version?: number;
  metadata?: { designer?: { position?: { x: number; y: number }; [key: string]: unknown }; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ElsaConnection {
  source: { activity: string; port: string };
  target: { activity: string; port: string };
  vertices?: unknown[];
}

export interface DefinitionWithDocument {
  definition: DefinitionSummary;
  document: ElsaDocument;
}

/** A workflow variable as Elsa 3 writes it in the document's <c>variables</c>. */
export interface ElsaVariable {
  id: string;
  name: string;
  typeName: string;
  value?: unknown;
  [key: string]: unknown;
}
