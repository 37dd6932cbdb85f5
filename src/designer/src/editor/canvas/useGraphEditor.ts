import { useCallback, useMemo, useRef, useState } from "react";
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { ActivityDescriptor, ElsaActivity } from "../../api/types";
import { activityNode, newActivity } from "../elsaMapping";
import { edgeId, type ActivityFlowNode, type Graph } from "../graph";
import { History } from "../history";
import { copySelection, materialize, readClipboard, writeClipboard, type ClipboardPayload } from "./clipboard";
import { addSelected, clearSelection, deleteSelection, hasSelection, moveSelection, selectAll, updateActivity } from "./graphOps";
import { layoutLeftToRight } from "./layout";

const emptyGraph: Graph = { nodes: [], edges: [] };
const pasteOffset = 40;
/** Keystrokes on one target within this pause are one undo step (typing a name, holding an arrow key). */
const coalesceMs = 1500;

type Update = (graph: Graph) => Graph;

/**
 * The canvas graph with its undo history. Every edit goes through commit (one undo step, or merged
 * with the previous one when it continues it); selection, measuring and in-progress drags go
 * through view changes that are not undo steps.
 */
export function useGraphEditor(descriptors: Map<string, ActivityDescriptor>) {
  const [graph, setGraph] = useState<Graph>(emptyGraph);
  const [, setHistoryTick] = useState(0);
  const graphRef = useRef(graph);
  const history = useRef(new History<Graph>());
  const lastEdit = useRef<{ key: string; at: number } | null>(null);
  const dragStart = useRef<Graph | null>(null);
  const pasteCount = useRef<{ payload: string; count: number }>({ payload: "", count: 0 });

  const show = useCallback((next: Graph) => {
    graphRef.current = next;
    setGraph(next);
  }, []);

  const view = useCallback((update: Update) => show(update(graphRef.current)), [show]);

  const commit = useCallback((update: Update, coalesceKey?: string) => {
    const before = graphRef.current;
    const next = update(before);
    if (next === before) return;
    const now = Date.now();
    const continues = coalesceKey !== undefined && lastEdit.current?.key === coalesceKey && now - lastEdit.current.at < coalesceMs;
    if (!continues) history.current.record(before);
    lastEdit.current = coalesceKey === undefined ? null : { key: coalesceKey, at: now };
    show(next);
    setHistoryTick((t) => t + 1);
  }, [show]);

  const load = useCallback((loaded: Graph) => {
    history.current = new History<Graph>();
    lastEdit.current = null;
    show(loaded);
    setHistoryTick((t) => t + 1);
  }, [show]);

  const travel = useCallback((direction: "undo" | "redo") => {
    const target = direction === "undo" ? history.current.undo(graphRef.current) : history.current.redo(graphRef.current);
    if (target) show(target);
    lastEdit.current = null;
    setHistoryTick((t) => t + 1);
  }, [show]);

  const onNodesChange = useCallback((changes: NodeChange<ActivityFlowNode>[]) => {
    const apply: Update = (g) => ({ ...g, nodes: applyNodeChanges(changes, g.nodes) });
    if (changes.some((c) => c.type === "remove")) commit(apply);
    else view(apply);
  }, [commit, view]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const apply: Update = (g) => ({ ...g, edges: applyEdgeChanges(changes, g.edges) });
    if (changes.some((c) => c.type === "remove")) commit(apply);
    else view(apply);
  }, [commit, view]);

  // A drag (of one node or a whole selection) is one undo step, recorded when it ends having moved something.
  const onDragStart = useCallback(() => {
    dragStart.current = graphRef.current;
  }, []);

  const onDragStop = useCallback(() => {
    const before = dragStart.current;
    dragStart.current = null;
    if (!before) return;
    const moved = graphRef.current.nodes.some((n, i) => {
      const old = before.nodes[i];
      return !old || old.id !== n.id || old.position.x !== n.position.x || old.position.y !== n.position.y;
    });
    if (!moved) return;
    history.current.record(before);
    lastEdit.current = null;
    setHistoryTick((t) => t + 1);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    if (!c.sourceHandle) return;
    const id = edgeId(c.source, c.sourceHandle, c.target);
    commit((g) => (g.edges.some((e) => e.id === id) ? g : {
      ...g,
      edges: [...g.edges, { id, source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle }],
    }));
  }, [commit]);

  const addActivity = useCallback((descriptor: ActivityDescriptor, position: { x: number; y: number }) => {
    commit((g) => addSelected(g, [activityNode(newActivity(descriptor, g.nodes), descriptor, position)], []));
  }, [commit]);

  const changeActivity = useCallback((nodeId: string, activity: ElsaActivity) => {
    commit((g) => updateActivity(g, nodeId, activity), `properties:${nodeId}`);
  }, [commit]);

  const paste = useCallback((payload: ClipboardPayload) => {
    const key = JSON.stringify(payload.activities.map((a) => a.id));
    pasteCount.current = { payload: key, count: pasteCount.current.payload === key ? pasteCount.current.count + 1 : 1 };
    const offset = pasteOffset * pasteCount.current.count;
    commit((g) => {
      const pasted = materialize(payload, g, descriptors, offset);
      return addSelected(g, pasted.nodes, pasted.edges);
    });
  }, [commit, descriptors]);

  const commands = useMemo(() => ({
    undo: () => travel("undo"),
    redo: () => travel("redo"),
    copy: () => {
      const payload = copySelection(graphRef.current);
      if (payload) void writeClipboard(payload);
      return payload !== null;
    },
    cut: () => {
      const payload = copySelection(graphRef.current);
      if (!payload) return false;
      void writeClipboard(payload);
      commit(deleteSelection);
      return true;
    },
    paste: () => {
      void readClipboard().then((payload) => payload && paste(payload));
    },
    duplicate: () => {
      const payload = copySelection(graphRef.current);
      if (payload) paste(payload);
    },
    selectAll: () => view(selectAll),
    deleteSelection: () => {
      if (hasSelection(graphRef.current)) commit(deleteSelection);
    },
    nudge: (dx: number, dy: number) => {
      if (graphRef.current.nodes.some((n) => n.selected)) commit((g) => moveSelection(g, dx, dy), "nudge");
    },
    clearSelection: () => view(clearSelection),
    autoLayout: () => {
      if (graphRef.current.nodes.length > 0) commit(layoutLeftToRight);
    },
  }), [commit, paste, travel, view]);

  return {
    graph,
    graphRef,
    load,
    canUndo: history.current.canUndo,
    canRedo: history.current.canRedo,
    onNodesChange,
    onEdgesChange,
    onConnect,
    onDragStart,
    onDragStop,
    addActivity,
    changeActivity,
    commands,
  };
}
