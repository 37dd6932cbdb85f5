import { memo, useMemo, useState, type DragEvent } from "react";
import type { ActivityDescriptor } from "../api/types";

export const activityDragType = "application/x-automation-activity";

/** Memoized: the canvas changes the editor's state on every drag frame; the palette only changes with the descriptors. */
export const Palette = memo(function Palette({ descriptors }: { descriptors: ActivityDescriptor[] }) {
  const [search, setSearch] = useState("");
  const groups = useMemo(() => {
    const text = search.trim().toLowerCase();
    const matching = descriptors.filter(
      (d) => !text || d.displayName.toLowerCase().includes(text) || d.typeName.toLowerCase().includes(text) || d.category.toLowerCase().includes(text),
    );
    const byCategory = new Map<string, ActivityDescriptor[]>();
    for (const d of matching) byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
    return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [descriptors, search]);

  function startDrag(event: DragEvent, descriptor: ActivityDescriptor) {
    event.dataTransfer.setData(activityDragType, descriptor.typeName);
    event.dataTransfer.effectAllowed = "move";
  }

  return (
    <aside className="palette">
      <input type="search" placeholder="Search activities" aria-label="Search activities" value={search} onChange={(e) => setSearch(e.target.value)} />
      {groups.map(([category, items]) => (
        <section key={category}>
          <h3>{category}</h3>
          {items.map((d) => (
            <div key={d.typeName} className="palette-item" draggable data-type-name={d.typeName} title={d.description ?? d.typeName} onDragStart={(e) => startDrag(e, d)}>
              {d.displayName}
              {d.source !== "core" && <small className="source">{d.source}</small>}
            </div>
          ))}
        </section>
      ))}
      {groups.length === 0 && <p className="empty">No activity matches.</p>}
    </aside>
  );
});
