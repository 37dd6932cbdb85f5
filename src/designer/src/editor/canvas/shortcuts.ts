import { useEffect, useRef } from "react";

export interface CanvasCommands {
  undo(): void;
  redo(): void;
  /** Returns false when nothing is selected, so the browser's own copy (of selected text) goes ahead. */
  copy(): boolean;
  cut(): boolean;
  paste(): void;
  duplicate(): void;
  selectAll(): void;
  deleteSelection(): void;
  nudge(dx: number, dy: number): void;
  escape(): void;
  autoLayout(): void;
  toggleHelp(): void;
}

/** What the help lists; the handler below is the one place that binds them. */
export const shortcutList: { keys: string; action: string }[] = [
  { keys: "Ctrl/⌘ + Z", action: "Undo" },
  { keys: "Ctrl/⌘ + Y, Ctrl/⌘ + Shift + Z", action: "Redo" },
  { keys: "Ctrl/⌘ + C / X / V", action: "Copy / cut / paste nodes (also into another journey)" },
  { keys: "Ctrl/⌘ + D", action: "Duplicate the selection" },
  { keys: "Ctrl/⌘ + A", action: "Select all" },
  { keys: "Shift + drag", action: "Select with a box" },
  { keys: "Ctrl/⌘ + click", action: "Add a node to the selection" },
  { keys: "Delete, Backspace", action: "Delete the selection" },
  { keys: "Arrow keys (Shift: ×5)", action: "Move the selection" },
  { keys: "Escape", action: "Clear the selection" },
  { keys: "Shift + L", action: "Auto-layout" },
  { keys: "?", action: "Show or hide this help" },
];

const nudgeStep = 10;

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

/** Binds the canvas shortcuts on the window; keys typed into fields keep their own meaning. */
export function useCanvasShortcuts(commands: CanvasCommands): void {
  const latest = useRef(commands);
  latest.current = commands;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (isTyping(event.target) || event.altKey) return;
      const c = latest.current;
      const key = event.key.toLowerCase();
      let handled = true;
      if (event.ctrlKey || event.metaKey) {
        if (key === "z" && !event.shiftKey) c.undo();
        else if (key === "y" || (key === "z" && event.shiftKey)) c.redo();
        else if (key === "c") handled = c.copy();
        else if (key === "x") handled = c.cut();
        else if (key === "v") c.paste();
        else if (key === "d") c.duplicate();
        else if (key === "a") c.selectAll();
        else handled = false;
      } else if (event.key === "Delete" || event.key === "Backspace") c.deleteSelection();
      else if (event.key.startsWith("Arrow")) {
        const step = event.shiftKey ? nudgeStep * 5 : nudgeStep;
        const [dx, dy] = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key] ?? [0, 0];
        c.nudge(dx, dy);
      } else if (event.key === "Escape") c.escape();
      else if (event.key === "?") c.toggleHelp();
      else if (key === "l" && event.shiftKey) c.autoLayout();
      else handled = false;
      if (handled) event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
