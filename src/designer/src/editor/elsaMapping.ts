import type { ActivityDescriptor, ElsaActivity, ElsaDocument } from "../api/types";
import { edgeId, targetPort, type ActivityFlowNode, type Graph } from "./graph";

export function emptyDocument(name: string): ElsaDocument {
  return {
    name,
    version: 1,
    variables: [],
    root: { type: "Elsa.Flowchart", version: 1, id: "flowchart1", activities: [], connections: [] },
  };
}

export function portsFor(descriptor: ActivityDescriptor | undefined, usedPorts: string[]): string[] {
  if (!descriptor) return usedPorts.length > 0 ? usedPorts : ["Done"];
  return descriptor.outcomes;
}

/** Elsa JSON to canvas: positions from metadata.designer.position, a grid for nodes without one. */
export function toGraph(document: ElsaDocument, descriptors: Map<string, ActivityDescriptor>): Graph {
  const activities = document.root?.activities ?? [];
  const connections = document.root?.connections ?? [];
  const nodes: ActivityFlowNode[] = activities.map((activity, index) => {
    const descriptor = descriptors.get(activity.type);
    const used = [...new Set(connections.filter((c) => c.source.activity === activity.id).map((c) => c.source.port))];
    const saved = activity.metadata?.designer?.position;
    const position = saved && Number.isFinite(saved.x) && Number.isFinite(saved.y)
      ? { x: saved.x, y: saved.y }
      : { x: 80 + (index % 5) * 240, y: 80 + Math.floor(index / 5) * 160 };
    return { id: activity.id, type: "activity", position, data: { activity, descriptor, ports: portsFor(descriptor, used), problems: [] } };
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

/** Canvas to Elsa JSON, on top of the loaded document so its variables, options and other fields are kept. */
export function toDocument(base: ElsaDocument, graph: Graph, name: string): ElsaDocument {
  const activities: ElsaActivity[] = graph.nodes.map((node) => {
    const metadata = node.data.activity.metadata ?? {};
    return {
      ...node.data.activity,
      metadata: {
        ...metadata,
        designer: { ...metadata.designer, position: { x: Math.round(node.position.x), y: Math.round(node.position.y) } },
      },
    };
  });
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
  let counter = 1;
  const taken = new Set(existing.map((n) => n.data.activity.name));
  while (taken.has(`${shortName}${counter}`)) counter++;
  const activity: ElsaActivity = {
    id: crypto.randomUUID().replace(/-/g, "").slice(0, 16),
    type: descriptor.typeName,
    version: descriptor.version,
    name: `${shortName}${counter}`,
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
