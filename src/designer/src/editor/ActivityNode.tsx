import { memo, useEffect, useRef } from "react";
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { targetPort, type ActivityFlowNode } from "./graph";

/** Memoized: dragging or selecting one node of a large journey re-renders that node only. */
export const ActivityNode = memo(function ActivityNode({ id, data, selected }: NodeProps<ActivityFlowNode>) {
  const { activity, descriptor, ports, problems } = data;
  const portKey = ports.join("\n");
  const measuredPorts = useRef(portKey);
  const updateNodeInternals = useUpdateNodeInternals();
  useEffect(() => {
    // React Flow measures handles once; a changed port list (a switch's cases edited) must be measured again before edges attach to it.
    if (measuredPorts.current === portKey) return;
    measuredPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);
  const unknown = descriptor === undefined;
  const classes = ["activity-node", selected ? "selected" : "", unknown ? "unknown" : "", problems.length ? "has-problems" : ""];
  return (
    <div className={classes.join(" ").trim()} data-activity-type={activity.type} title={problems.join("\n") || undefined}>
      <Handle type="target" position={Position.Left} id={targetPort} />
      <div className="activity-title">{unknown ? <><span className="unknown-badge" aria-hidden>?</span> Unknown activity</> : descriptor.displayName}</div>
      {problems.length > 0 && (
        <span className="problem-badge" data-testid="problem-badge" aria-label={`${problems.length} problem(s)`}>{problems.length}</span>
      )}
      <div className="activity-name">{activity.name ?? activity.id}</div>
      {unknown && <div className="activity-type" title="This activity type is not installed on this server; the node is kept as it is.">{activity.type}</div>}
      {problems.length > 0 && (
        <ul className="node-problems">
          {problems.map((p, i) => <li key={i}>{p}</li>)}
        </ul>
      )}
      <div className="ports">
        {ports.map((port) => (
          <div className="port" key={port}>
            <span>{port}</span>
            <Handle type="source" position={Position.Right} id={port} className="port-handle" />
          </div>
        ))}
      </div>
    </div>
  );
});
