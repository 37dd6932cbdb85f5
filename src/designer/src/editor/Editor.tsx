import { useEffect, useMemo, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import { api, ApiError } from "../api/client";
import type { ActivityDescriptor, DefinitionSummary, ElsaDocument, ElsaVariable, ValidationProblem } from "../api/types";
import { navigate } from "../router";
import { Canvas } from "./canvas/Canvas";
import { useGraphEditor } from "./canvas/useGraphEditor";
import { toDocument, toGraph } from "./elsaMapping";
import { Palette } from "./Palette";
import { PropertyPanel } from "./PropertyPanel";
import { useLiveValidation } from "./properties/useLiveValidation";

export function Editor({ definitionId }: { definitionId: string }) {
  return (
    <ReactFlowProvider>
      <JourneyEditor definitionId={definitionId} />
    </ReactFlowProvider>
  );
}

/** One journey: toolbar (save, validate, publish, export), palette, canvas and property panel. */
function JourneyEditor({ definitionId }: { definitionId: string }) {
  const [descriptors, setDescriptors] = useState<ActivityDescriptor[]>([]);
  const [base, setBase] = useState<ElsaDocument | null>(null);
  const [summary, setSummary] = useState<DefinitionSummary | null>(null);
  const [name, setName] = useState("");
  const [problems, setProblems] = useState<ValidationProblem[]>([]);
  const [message, setMessage] = useState<string>("");
  const descriptorMap = useMemo(() => new Map(descriptors.map((d) => [d.typeName, d])), [descriptors]);
  const editor = useGraphEditor(descriptorMap);
  const { graph, load } = editor;

  useEffect(() => {
    Promise.all([api.activities(), api.getDefinition(definitionId)])
      .then(([activities, loaded]) => {
        setDescriptors(activities);
        setBase(loaded.document);
        setSummary(loaded.definition);
        setName(loaded.definition.name);
        load(toGraph(loaded.document, new Map(activities.map((d) => [d.typeName, d]))));
      })
      .catch((e: Error) => setMessage(`Could not open the journey: ${e.message}`));
  }, [definitionId, load]);

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
  const selectedNodes = displayNodes.filter((n) => n.selected);
  const nodeIds = useMemo(() => new Set(graph.nodes.map((n) => n.id)), [graph.nodes]);
  const generalProblems = problems.filter((p) => !p.nodeId || !nodeIds.has(p.nodeId));

  const currentDocument = () => toDocument(base!, editor.graphRef.current, name);

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
        <button onClick={editor.commands.undo} disabled={!editor.canUndo} title="Undo (Ctrl+Z)">Undo</button>
        <button onClick={editor.commands.redo} disabled={!editor.canRedo} title="Redo (Ctrl+Y)">Redo</button>
        <button onClick={() => void validate()}>Validate</button>
        <button onClick={() => void save()}>Save draft</button>
        <button onClick={() => void publish()} className="primary">Publish</button>
        <button onClick={exportJson}>Export</button>
        <span className="message" role="status" data-testid="editor-message">{message}</span>
      </header>
      <div className="workspace">
        <Palette descriptors={descriptors} />
        <Canvas editor={editor} nodes={displayNodes} descriptors={descriptorMap} />
        <div className="side">
          {selectedNodes.length > 1
            ? <aside className="properties"><p className="empty" data-testid="selection-count">{selectedNodes.length} nodes selected.</p></aside>
            : <PropertyPanel node={selectedNodes[0]} onChange={editor.changeActivity} problems={problems}
                variables={(base.variables as ElsaVariable[] | undefined) ?? []} onVariablesChange={(variables) => setBase({ ...base, variables })} />}
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
