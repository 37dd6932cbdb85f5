import { Graph as LayoutGraph, layout as runLayout } from "@dagrejs/dagre";
import type { Graph } from "../graph";

const fallbackSize = { width: 190, height: 90 };

/**
 * Left-to-right layered layout: triggers on the left, each step one layer further right, branches
 * stacked. Uses the sizes the canvas measured, so nodes with many ports get the room they need.
 */
export function layoutLeftToRight(graph: Graph): Graph {
  const layout = new LayoutGraph();
  layout.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    layout.setNode(node.id, {
      width: node.measured?.width ?? node.width ?? fallbackSize.width,
      height: node.measured?.height ?? node.height ?? fallbackSize.height,
    });
  }
  for (const edge of graph.edges) {
    if (layout.hasNode(edge.source) && layout.hasNode(edge.target)) layout.setEdge(edge.source, edge.target);
  }
  runLayout(layout);
  return {
    nodes: graph.nodes.map((node) => {
      const placed = layout.node(node.id);
      // dagre places centres; the canvas positions top-left corners.
      return { ...node, position: { x: Math.round(placed.x - placed.width / 2), y: Math.round(placed.y - placed.height / 2) } };
    }),
    edges: graph.edges,
  };
}
