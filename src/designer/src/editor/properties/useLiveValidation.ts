import { useEffect, useMemo, useRef } from "react";
import { api } from "../../api/client";
import type { ElsaDocument, ValidationProblem } from "../../api/types";
import { toDocument } from "../elsaMapping";
import type { Graph } from "../graph";

const pause = 600;

/**
 * Re-validates the journey on the server a moment after each edit, so problems show on the nodes before publish.
 * Selecting or hovering does not change the document and so does not re-validate; answers to older documents are dropped.
 */
export function useLiveValidation(base: ElsaDocument | null, graph: Graph, name: string, onProblems: (problems: ValidationProblem[]) => void): void {
  const documentText = useMemo(() => (base ? JSON.stringify(toDocument(base, graph, name)) : ""), [base, graph, name]);
  const latest = useRef(0);
  const report = useRef(onProblems);
  report.current = onProblems;

  useEffect(() => {
    if (!documentText) return;
    const document = JSON.parse(documentText) as ElsaDocument;
    if (document.root.activities.length === 0) return;
    const ticket = ++latest.current;
    const timer = window.setTimeout(() => {
      api.validate(document)
        .then((result) => {
          if (ticket === latest.current) report.current(result.problems);
        })
        .catch(() => {
          // A failed check leaves the last problems shown; Validate and Publish report errors themselves.
        });
    }, pause);
    return () => window.clearTimeout(timer);
  }, [documentText]);
}
