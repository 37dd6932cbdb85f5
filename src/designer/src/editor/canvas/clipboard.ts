import type { ActivityDescriptor, ElsaActivity, ElsaConnection } from "../../api/types";
import { activityNode, activityWithPosition, newActivityId, uniqueName } from "../elsaMapping";
import { edgeId, targetPort, type ActivityFlowNode, type Graph } from "../graph";
import { selectedNodeIds } from "./graphOps";

/** Marks clipboard text as ours, so text copied elsewhere is never taken for nodes. */
export const clipboardType = "automationserver/designer-nodes";
const storageKey = "automationserver.designer.clipboard";

/** Nodes as Elsa JSON (positions in metadata.designer) with the connections between them. */
export interface ClipboardPayload {
  type: typeof clipboardType;
  version: 1;
  activities: ElsaActivity[];
  connections: ElsaConnection[];
}

export function copySelection(graph: Graph): ClipboardPayload | null {
  const ids = selectedNodeIds(graph);
  if (ids.size === 0) return null;
  return {
    type: clipboardType,
    version: 1,
    activities: graph.nodes.filter((n) => ids.has(n.id)).map(activityWithPosition),
    connections: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: { activity: e.source, port: e.sourceHandle ?? "Done" }, target: { activity: e.target, port: e.targetHandle ?? targetPort } })),
  };
}

function isEndpoint(value: unknown): value is { activity: string; port: string } {
  const v = value as { activity?: unknown; port?: unknown } | null;
  return !!v && typeof v === "object" && typeof v.activity === "string" && typeof v.port === "string";
}

/** The payload in clipboard text, or null for anything else (foreign text, other JSON, a damaged payload). */
export function parsePayload(text: string | null | undefined): ClipboardPayload | null {
  if (!text || !text.includes(clipboardType)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const p = value as Partial<ClipboardPayload> | null;
  if (!p || typeof p !== "object" || p.type !== clipboardType || p.version !== 1) return null;
  if (!Array.isArray(p.activities) || !Array.isArray(p.connections)) return null;
  const activitiesValid = p.activities.every((a) => a && typeof a === "object" && typeof a.id === "string" && typeof a.type === "string");
  const connectionsValid = p.connections.every((c) => c && typeof c === "object" && isEndpoint(c.source) && isEndpoint(c.target));
  return activitiesValid && connectionsValid && p.activities.length > 0 ? (p as ClipboardPayload) : null;
}

/**
 * The payload's nodes and edges for a graph: fresh ids (ports keep their names), names unique in the
 * graph, positions shifted by offset, and only connections whose both ends are in the payload.
 */
export function materialize(payload: ClipboardPayload, graph: Graph, descriptors: Map<string, ActivityDescriptor>, offset: number): Pick<Graph, "nodes" | "edges"> {
  const ids = new Map(payload.activities.map((a) => [a.id, newActivityId()]));
  const taken = new Set(graph.nodes.map((n) => n.data.activity.name ?? ""));
  const connections = payload.connections.filter((c) => ids.has(c.source.activity) && ids.has(c.target.activity));
  const nodes: ActivityFlowNode[] = payload.activities.map((original) => {
    const id = ids.get(original.id)!;
    const saved = original.metadata?.designer?.position;
    const position = { x: (Number.isFinite(saved?.x) ? saved!.x : 0) + offset, y: (Number.isFinite(saved?.y) ? saved!.y : 0) + offset };
    // Elsa's nodeId is a path of the old id; the server derives a new one.
    const { nodeId: _oldNodeId, ...rest } = original;
    void _oldNodeId;
    const name = original.name ? uniqueName(original.name, taken) : undefined;
    if (name) taken.add(name);
    const activity: ElsaActivity = { ...rest, id, ...(name ? { name } : {}), metadata: { ...original.metadata, designer: { ...original.metadata?.designer, position } } };
    const used = connections.filter((c) => c.source.activity === original.id).map((c) => c.source.port);
    return activityNode(activity, descriptors.get(activity.type), position, used);
  });
  const edges = connections.map((c) => {
    const source = ids.get(c.source.activity)!;
    const target = ids.get(c.target.activity)!;
    return { id: edgeId(source, c.source.port, target), source, sourceHandle: c.source.port, target, targetHandle: c.target.port || targetPort };
  });
  return { nodes, edges };
}

/**
 * Puts the payload on the system clipboard (so it reaches other tabs and journeys) and in
 * localStorage for browsers that refuse the clipboard; the stored copy remembers whether the
 * system clipboard took it.
 */
export async function writeClipboard(payload: ClipboardPayload): Promise<void> {
  const text = JSON.stringify(payload);
  let system = false;
  try {
    await navigator.clipboard.writeText(text);
    system = true;
  } catch {
    system = false;
  }
  try {
    localStorage.setItem(storageKey, JSON.stringify({ system, text }));
  } catch {
    // Storage full or disabled: the system clipboard alone has to do.
  }
}

/**
 * The payload to paste: the system clipboard when it holds ours; nothing when it holds something
 * else the user copied since (unless that copy never reached it); the stored copy when it cannot be read.
 */
export async function readClipboard(): Promise<ClipboardPayload | null> {
  let stored: { system?: boolean; text?: string } = {};
  try {
    stored = JSON.parse(localStorage.getItem(storageKey) ?? "{}") ?? {};
  } catch {
    stored = {};
  }
  let systemText: string | null = null;
  try {
    systemText = await navigator.clipboard.readText();
  } catch {
    systemText = null;
  }
  const fromSystem = parsePayload(systemText);
  if (fromSystem) return fromSystem;
  if (systemText === null || stored.system === false) return parsePayload(stored.text);
  return null;
}
