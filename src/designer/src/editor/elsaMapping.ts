import type { ActivityDescriptor, ElsaActivity, ElsaDocument } from "../api/types";
import { portsFor } from "./canvas/ports";
import { edgeId, targetPort, type ActivityFlowNode, type Graph } from "./graph";

export function emptyDocument(name: string): ElsaDocument {
  return {
    name,
    version: 1,
    variables: [],
    root: { type: "Elsa.Flowchart", version: 1, id: "flowchart1", activities: [], connections: [] },
  };
}

/** Elsa JSON to canvas: positions from metadata.designer.position, a grid for nodes without one. */
export function toGraph(document: ElsaDocument, descriptors: Map<string, ActivityDescriptor>): Graph {
  const activities = document.root?.activities ?? [];
  const connections = document.root?.connections ?? [];
  // One pass over the connections, not one per activity: a 200-node journey must open at once.
  const usedPorts = new Map<string, string[]>();
  for (const c of connections) usedPorts.set(c.source.activity, [...(usedPorts.get(c.source.activity) ?? []), c.source.port]);
  const nodes: ActivityFlowNode[] = activities.map((activity, index) => {
    const saved = activity.metadata?.designer?.position;
    const position = saved && Number.isFinite(saved.x) && Number.isFinite(saved.y)
      ? { x: saved.x, y: saved.y }
      : { x: 80 + (index % 5) * 240, y: 80 + Math.floor(index / 5) * 160 };
    return activityNode(activity, descriptors.get(activity.type), position, usedPorts.get(activity.id) ?? []);
  });
  const edges = connections.map((c) => ({
    id: edgeId(c.source.activity, c.source.port, c.target.activity),
    source: c.source.activity,
    sourceHandle: c.source.port,
    target: c.target.activity,
    targetHandle: targetPort,
  }));
  return { nodes, edges };
}

/**
 * A canvas node for an activity. A dynamic node also shows ports its saved connections use that its
 * inputs do not define (yet), so opening a journey never hides a connection.
 */
export function activityNode(activity: ElsaActivity, descriptor: ActivityDescriptor | undefined, position: { x: number; y: number }, usedPorts: string[] = []): ActivityFlowNode {
  const ports = portsFor(activity, descriptor, usedPorts);
  const extra = descriptor?.dynamicOutcomes ? usedPorts.filter((p) => !ports.includes(p)) : [];
  return { id: activity.id, type: "activity", position, data: { activity, descriptor, ports: extra.length ? [...new Set([...ports, ...extra])] : ports, problems: [] } };
}

/** A node's activity as saved: its JSON with the canvas position in metadata.designer. */
export function activityWithPosition(node: ActivityFlowNode): ElsaActivity {
  const metadata = node.data.activity.metadata ?? {};
  return {
    ...node.data.activity,
    metadata: { ...metadata, designer: { ...metadata.designer, position: { x: Math.round(node.position.x), y: Math.round(node.position.y) } } },
  };
}

export function newActivityId(): string {
  return crypto.randomUUID().replace(/-/g, "").slice(0, 16);
}

/** The first of Base1, Base2, … not taken; a trailing number in the base is replaced, so copies of Delay3 are Delay4, … */
export function uniqueName(base: string, taken: Set<string>): string {
  const stem = base.replace(/\d+$/, "") || "Activity";
  let counter = 1;
  while (taken.has(`${stem}${counter}`)) counter++;
  return `${stem}${counter}`;
}

/** Canvas to Elsa JSON, on top of the loaded document so its variables, options and other fields are kept. */
export function toDocument(base: ElsaDocument, graph: Graph, name: string): ElsaDocument {
  const activities: ElsaActivity[] = graph.nodes.map(activityWithPosition);
  const connections = graph.edges.map((edge) => ({
    source: { activity: edge.source, port: edge.sourceHandle ?? "Done" },
    target: { activity: edge.target, port: edge.targetHandle ?? targetPort },
    vertices: [],
  }));
  return { ...base, name, root: { ...base.root, activities, connections } };
}

/** A fresh activity of a descriptor's type with its inputs' default values. */
export function newActivity(descriptor: ActivityDescriptor, existing: ActivityFlowNode[]): ElsaActivity {
  const shortName = descriptor.typeName.split(".").pop() ?? "Activity";
  const taken = new Set(existing.map((n) => n.data.activity.name ?? ""));
  const activity: ElsaActivity = {
    id: newActivityId(),
    type: descriptor.typeName,
    version: descriptor.version,
    name: uniqueName(shortName, taken),
    customProperties: descriptor.isTrigger ? { canStartWorkflow: true } : {},
    metadata: {},
  };
  for (const input of descriptor.inputs) {
    if (input.defaultValue !== undefined && input.defaultValue !== null) {
      activity[input.name] = { typeName: input.typeName, expression: { type: "Literal", value: input.defaultValue } };
    }
  }
  return activity;
}
