import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import {
  Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, applyEdgeChanges, applyNodeChanges, useNodesInitialized, useReactFlow,
  type Connection, type EdgeChange, type NodeChange,
} from "@xyflow/react";
import { api, ApiError } from "../api/client";
import type { ActivityDescriptor, DefinitionSummary, ElsaActivity, ElsaDocument, ElsaVariable, ValidationProblem } from "../api/types";
import { navigate } from "../router";
import { ActivityNode } from "./ActivityNode";
import { newActivity, toDocument, toGraph } from "./elsaMapping";
import { edgeId, type ActivityFlowNode, type Graph } from "./graph";
import { History } from "./history";
import { activityDragType, Palette } from "./Palette";
import { PropertyPanel } from "./PropertyPanel";
import { useLiveValidation } from "./properties/useLiveValidation";
import { useUndoShortcuts } from "./useUndoShortcuts";

const nodeTypes = { activity: ActivityNode };
const emptyGraph: Graph = { nodes: [], edges: [] };

export function Editor({ definitionId }: { definitionId: string }) {
  return (
    <ReactFlowProvider>
      <EditorCanvas definitionId={definitionId} />
    </ReactFlowProvider>
  );
}

function EditorCanvas({ definitionId }: { definitionId: string }) {
  const flow = useReactFlow();
  const [descriptors, setDescriptors] = useState<ActivityDescriptor[]>([]);
  const [base, setBase] = useState<ElsaDocument | null>(null);
  const [summary, setSummary] = useState<DefinitionSummary | null>(null);
  const [name, setName] = useState("");
  const [graph, setGraph] = useState<Graph>(emptyGraph);
  const [problems, setProblems] = useState<ValidationProblem[]>([]);
  const [message, setMessage] = useState<string>("");
  const [, setHistoryTick] = useState(0);
  const graphRef = useRef(graph);
  graphRef.current = graph;
  const history = useRef(new History<Graph>());
  const lastEdit = useRef<{ nodeId: string; at: number } | null>(null);
  // Fit the view once to a journey that opens with nodes; never while the user builds one, where a
  // re-fit after the first drop would move the canvas under the next drop.
  const fitWhenMeasured = useRef(false);
  const nodesInitialized = useNodesInitialized();

  useEffect(() => {
    Promise.all([api.activities(), api.getDefinition(definitionId)])
      .then(([activities, loaded]) => {
        setDescriptors(activities);
        setBase(loaded.document);
        setSummary(loaded.definition);
        setName(loaded.definition.name);
        const loadedGraph = toGraph(loaded.document, new Map(activities.map((d) => [d.typeName, d])));
        fitWhenMeasured.current = loadedGraph.nodes.length > 0;
        setGraph(loadedGraph);
      })
      .catch((e: Error) => setMessage(`Could not open the journey: ${e.message}`));
  }, [definitionId]);

  useEffect(() => {
    if (nodesInitialized && fitWhenMeasured.current) {
      fitWhenMeasured.current = false;
      void flow.fitView({ maxZoom: 1 });
    }
  }, [nodesInitialized, flow]);

  const descriptorMap = useMemo(() => new Map(descriptors.map((d) => [d.typeName, d])), [descriptors]);

  const record = useCallback(() => {
    history.current.record(graphRef.current);
    lastEdit.current = null;
    setHistoryTick((t) => t + 1);
  }, []);

  const onNodesChange = useCallback((changes: NodeChange<ActivityFlowNode>[]) => {
    if (changes.some((c) => c.type === "remove")) record();
    setGraph((g) => ({ ...g, nodes: applyNodeChanges(changes, g.nodes) }));
  }, [record]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    if (changes.some((c) => c.type === "remove")) record();
    setGraph((g) => ({ ...g, edges: applyEdgeChanges(changes, g.edges) }));
  }, [record]);

  const onConnect = useCallback((c: Connection) => {
    if (!c.sourceHandle) return;
    const id = edgeId(c.source, c.sourceHandle, c.target);
    if (graphRef.current.edges.some((e) => e.id === id)) return;
    record();
    setGraph((g) => ({ ...g, edges: [...g.edges, { id, source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle }] }));
  }, [record]);

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const descriptor = descriptorMap.get(event.dataTransfer.getData(activityDragType));
    if (!descriptor) return;
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const activity = newActivity(descriptor, graphRef.current.nodes);
    record();
    setGraph((g) => ({
      ...g,
      nodes: [...g.nodes.map((n) => ({ ...n, selected: false })),
        { id: activity.id, type: "activity", position, selected: true, data: { activity, descriptor, ports: descriptor.outcomes, problems: [] } }],
    }));
  }, [descriptorMap, flow, record]);

  const onPropertyChange = useCallback((nodeId: string, activity: ElsaActivity) => {
    // Typing into one node's fields is one undo step until the user pauses or edits another node.
    const now = Date.now();
    if (!lastEdit.current || lastEdit.current.nodeId !== nodeId || now - lastEdit.current.at > 1500) record();
    lastEdit.current = { nodeId, at: now };
    setGraph((g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, activity } } : n)) }));
  }, [record]);

  const undo = useCallback(() => {
    const previous = history.current.undo(graphRef.current);
    if (previous) setGraph(previous);
    lastEdit.current = null;
    setHistoryTick((t) => t + 1);
  }, []);

  const redo = useCallback(() => {
    const next = history.current.redo(graphRef.current);
    if (next) setGraph(next);
    lastEdit.current = null;
    setHistoryTick((t) => t + 1);
  }, []);

  useUndoShortcuts(undo, redo);
  useLiveValidation(base, graph, name, setProblems);

  const problemsByNode = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of problems) if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p.field ? `${p.field}: ${p.message}` : p.message]);
    return map;
  }, [problems]);

  const displayNodes = useMemo(
    () => graph.nodes.map((n) => (problemsByNode.has(n.id) ? { ...n, data: { ...n.data, problems: problemsByNode.get(n.id)! } } : n)),
    [graph.nodes, problemsByNode],
  );
  const selected = displayNodes.find((n) => n.selected);
  const generalProblems = problems.filter((p) => !p.nodeId || !graph.nodes.some((n) => n.id === p.nodeId));

  const currentDocument = () => toDocument(base!, graphRef.current, name);

  async function run(label: string, action: () => Promise<void>) {
    setMessage(`${label}…`);
    try {
      await action();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      setMessage(`${label} failed: ${(e as Error).message}`);
    }
  }

  const save = () => run("Saving", async () => {
    const saved = await api.saveDraft(definitionId, currentDocument());
    setSummary(saved.definition);
    setProblems([]);
    setMessage(`Saved as version ${saved.definition.version}.`);
  });

  const validate = () => run("Validating", async () => {
    const result = await api.validate(currentDocument());
    setProblems(result.problems);
    setMessage(result.problems.length === 0 ? "No problems found." : `${result.problems.length} problem(s) found.`);
  });

  const publish = () => run("Publishing", async () => {
    await api.saveDraft(definitionId, currentDocument());
    const published = await api.publish(definitionId);
    setSummary(published);
    setProblems([]);
    setMessage(`Published version ${published.version}.`);
  });

  function exportJson() {
    const blob = new Blob([JSON.stringify({ ...currentDocument(), definitionId }, null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `${definitionId}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  if (!base) return <main className="editor-loading"><p role="status">{message || "Loading…"}</p></main>;

  return (
    <main className="editor">
      <header className="toolbar">
        <button onClick={() => navigate("/")}>← Journeys</button>
        <input aria-label="Journey name" className="journey-name" value={name} onChange={(e) => setName(e.target.value)} />
        {summary && <span className={`status status-${summary.status.toLowerCase()}`} data-testid="definition-status">{summary.status} v{summary.version}</span>}
        <button onClick={undo} disabled={!history.current.canUndo} title="Undo (Ctrl+Z)">Undo</button>
        <button onClick={redo} disabled={!history.current.canRedo} title="Redo (Ctrl+Y)">Redo</button>
        <button onClick={() => void validate()}>Validate</button>
        <button onClick={() => void save()}>Save draft</button>
        <button onClick={() => void publish()} className="primary">Publish</button>
        <button onClick={exportJson}>Export</button>
        <span className="message" role="status" data-testid="editor-message">{message}</span>
      </header>
      <div className="workspace">
        <Palette descriptors={descriptors} />
        <div className="canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = "move"; }} onDrop={onDrop}>
          <ReactFlow
            nodes={displayNodes}
            edges={graph.edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onNodeDragStart={record}
            deleteKeyCode={["Delete", "Backspace"]}
            minZoom={0.1}
          >
            <Background />
            <Controls />
            <MiniMap pannable zoomable />
          </ReactFlow>
        </div>
        <div className="side">
          <PropertyPanel node={selected} onChange={onPropertyChange} problems={problems}
            variables={(base.variables as ElsaVariable[] | undefined) ?? []} onVariablesChange={(variables) => setBase({ ...base, variables })} />
          {generalProblems.length > 0 && (
            <ul className="general-problems" data-testid="general-problems">
              {generalProblems.map((p, i) => <li key={i}>{p.message}</li>)}
            </ul>
          )}
        </div>
      </div>
    </main>
  );
}
