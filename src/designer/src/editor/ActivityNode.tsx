import { useEffect, useRef } from "react";
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { targetPort, type ActivityFlowNode } from "./graph";
import { casePorts } from "./properties/CasesEditor";

export function ActivityNode({ id, data, selected }: NodeProps<ActivityFlowNode>) {
  const { activity, descriptor, problems } = data;
  // A switch's ports follow its cases as they are edited.
  const ports = casePorts(activity, descriptor) ?? data.ports;
  const portKey = ports.join("\n");
  const measuredPorts = useRef(portKey);
  const updateNodeInternals = useUpdateNodeInternals();
  useEffect(() => {
    // React Flow measures handles once; a changed port list must be measured again before edges attach to it.
    if (measuredPorts.current === portKey) return;
    measuredPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);
  const unknown = descriptor === undefined;
  const classes = ["activity-node", selected ? "selected" : "", unknown ? "unknown" : "", problems.length ? "has-problems" : ""];
  return (
    <div className={classes.join(" ").trim()} data-activity-type={activity.type} title={problems.join("\n") || undefined}>
      <Handle type="target" position={Position.Left} id={targetPort} />
      <div className="activity-title">{unknown ? "Unknown activity" : descriptor.displayName}</div>
      {problems.length > 0 && (
        <span className="problem-badge" data-testid="problem-badge" aria-label={`${problems.length} problem(s)`}>{problems.length}</span>
      )}
      <div className="activity-name">{activity.name ?? activity.id}</div>
      {unknown && <div className="activity-type">{activity.type}</div>}
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
}
