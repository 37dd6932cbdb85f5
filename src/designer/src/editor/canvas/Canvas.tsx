import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";
import { Background, Controls, MiniMap, Panel, ReactFlow, useNodesInitialized, useReactFlow } from "@xyflow/react";
import type { ActivityDescriptor } from "../../api/types";
import { ActivityNode } from "../ActivityNode";
import type { ActivityFlowNode } from "../graph";
import { activityDragType } from "../Palette";
import { useCanvasShortcuts } from "./shortcuts";
import { ShortcutsHelp } from "./ShortcutsHelp";
import type { useGraphEditor } from "./useGraphEditor";

const nodeTypes = { activity: ActivityNode };
const multiSelectionKeys = ["Meta", "Control"];

interface Props {
  editor: ReturnType<typeof useGraphEditor>;
  /** The nodes as drawn: the graph's, with validation problems attached. */
  nodes: ActivityFlowNode[];
  descriptors: Map<string, ActivityDescriptor>;
}

/** The flowchart: drop from the palette, connect, select, edit by keyboard, lay out, zoom. */
export function Canvas({ editor, nodes, descriptors }: Props) {
  const flow = useReactFlow();
  const [helpOpen, setHelpOpen] = useState(false);
  const nodesInitialized = useNodesInitialized();
  // Fit once to a journey that opens with nodes (never while the user builds one: a re-fit after the
  // first drop would move the canvas under the next drop), and after an auto-layout.
  const fitPending = useRef(editor.graph.nodes.length > 0);

  useEffect(() => {
    if (nodesInitialized && fitPending.current) {
      fitPending.current = false;
      void flow.fitView({ maxZoom: 1 });
    }
  }, [nodesInitialized, flow, editor.graph]);

  const autoLayout = useCallback(() => {
    fitPending.current = true;
    editor.commands.autoLayout();
  }, [editor.commands]);

  useCanvasShortcuts({
    ...editor.commands,
    autoLayout,
    escape: () => {
      setHelpOpen(false);
      editor.commands.clearSelection();
    },
    toggleHelp: () => setHelpOpen((open) => !open),
  });

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const descriptor = descriptors.get(event.dataTransfer.getData(activityDragType));
    if (descriptor) editor.addActivity(descriptor, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }, [descriptors, editor, flow]);

  return (
    <div className="canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = "move"; }} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={editor.graph.edges}
        nodeTypes={nodeTypes}
        onNodesChange={editor.onNodesChange}
        onEdgesChange={editor.onEdgesChange}
        onConnect={editor.onConnect}
        onNodeDragStart={editor.onDragStart}
        onNodeDragStop={editor.onDragStop}
        onSelectionDragStart={editor.onDragStart}
        onSelectionDragStop={editor.onDragStop}
        // Deleting and arrow-key moves are the editor's own shortcuts, so each is exactly one undo step.
        deleteKeyCode={null}
        disableKeyboardA11y
        multiSelectionKeyCode={multiSelectionKeys}
        selectionKeyCode="Shift"
        minZoom={0.1}
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable />
        <Panel position="top-right" className="canvas-actions">
          <button onClick={autoLayout} title="Auto-layout (Shift+L)">Auto-layout</button>
          <button onClick={() => setHelpOpen((open) => !open)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">?</button>
        </Panel>
      </ReactFlow>
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
