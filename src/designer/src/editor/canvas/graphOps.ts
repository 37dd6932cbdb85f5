import type { ElsaActivity } from "../../api/types";
import type { ActivityFlowNode, Graph } from "../graph";
import { portsFor, samePorts } from "./ports";

/** Pure edits of the canvas graph; each returns a new graph, which the editor records as one undo step. */

export function selectedNodeIds(graph: Graph): Set<string> {
  return new Set(graph.nodes.filter((n) => n.selected).map((n) => n.id));
}

export function hasSelection(graph: Graph): boolean {
  return graph.nodes.some((n) => n.selected) || graph.edges.some((e) => e.selected);
}

/** Removes the selected nodes with every edge touching them, and the selected edges. */
export function deleteSelection(graph: Graph): Graph {
  const removed = selectedNodeIds(graph);
  return {
    nodes: graph.nodes.filter((n) => !removed.has(n.id)),
    edges: graph.edges.filter((e) => !e.selected && !removed.has(e.source) && !removed.has(e.target)),
  };
}

export function selectAll(graph: Graph): Graph {
  return { nodes: graph.nodes.map((n) => (n.selected ? n : { ...n, selected: true })), edges: graph.edges };
}

export function clearSelection(graph: Graph): Graph {
  return {
    nodes: graph.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
    edges: graph.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
  };
}

export function moveSelection(graph: Graph, dx: number, dy: number): Graph {
  return {
    nodes: graph.nodes.map((n) => (n.selected ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n)),
    edges: graph.edges,
  };
}

/** Adds nodes and edges as the new selection. */
export function addSelected(graph: Graph, nodes: ActivityFlowNode[], edges: Graph["edges"]): Graph {
  return {
    nodes: [...graph.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...nodes.map((n) => ({ ...n, selected: true }))],
    edges: [...graph.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...edges],
  };
}

/**
 * Replaces a node's activity. When that changes its ports (a switch case added, renamed or removed),
 * edges leaving a port that no longer exists are removed with it.
 */
export function updateActivity(graph: Graph, nodeId: string, activity: ElsaActivity): Graph {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node) return graph;
  const ports = node.data.descriptor?.dynamicOutcomes ? portsFor(activity, node.data.descriptor) : node.data.ports;
  const portsChanged = !samePorts(ports, node.data.ports);
  return {
    nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, activity, ports: portsChanged ? ports : n.data.ports } } : n)),
    edges: portsChanged ? graph.edges.filter((e) => e.source !== nodeId || ports.includes(e.sourceHandle ?? "")) : graph.edges,
  };
}
