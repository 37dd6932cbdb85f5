import type { Edge, Node } from "@xyflow/react";
import type { ActivityDescriptor, ElsaActivity } from "../api/types";

/** What a canvas node carries: the activity's own Elsa JSON (kept whole so unknown fields survive a save). */
export interface ActivityNodeData {
  activity: ElsaActivity;
  descriptor?: ActivityDescriptor;
  /** Source ports drawn as handles: the descriptor's outcomes, or for an unknown type the ones its connections use. */
  ports: string[];
  problems: string[];
  [key: string]: unknown;
}

export type ActivityFlowNode = Node<ActivityNodeData, "activity">;

export interface Graph {
  nodes: ActivityFlowNode[];
  edges: Edge[];
}

export const targetPort = "In";

export function edgeId(source: string, port: string, target: string): string {
  return `${source}:${port}->${target}`;
}
