import { useCallback, useEffect, useState, type ChangeEvent, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import type { DefinitionSummary } from "../api/types";
import { emptyDocument } from "../editor/elsaMapping";
import { journeyPath, navigate } from "../router";

export function JourneyList({ onSignOut }: { onSignOut: () => void }) {
  const [search, setSearch] = useState("");
  const [items, setItems] = useState<DefinitionSummary[] | null>(null);
  const [newName, setNewName] = useState("");
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (text: string) => {
    try {
      setItems((await api.listDefinitions(text)).items);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void load(search), 200);
    return () => clearTimeout(timer);
  }, [search, load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      const created = await api.createDefinition(emptyDocument(newName.trim()));
      navigate(journeyPath(created.definition.definitionId));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function remove(id: string) {
    setConfirmDelete(null);
    try {
      await api.deleteDefinition(id);
      await load(search);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    try {
      const imported = await api.importDefinition(JSON.parse(await file.text()));
      navigate(journeyPath(imported.definitionId));
    } catch (e) {
      const problems = e instanceof ApiError ? e.problems.map((p) => p.message).join(" ") : "";
      setError(`Import failed: ${(e as Error).message} ${problems}`.trim());
    }
  }

  return (
    <main className="journey-list">
      <header className="toolbar">
        <h1>Journeys</h1>
        <input type="search" placeholder="Search journeys" aria-label="Search journeys" value={search} onChange={(e) => setSearch(e.target.value)} />
        <form onSubmit={create} className="inline-form">
          <input aria-label="New journey name" placeholder="New journey name" value={newName} onChange={(e) => setNewName(e.target.value)} />
          <button type="submit" disabled={newName.trim() === ""}>Create</button>
        </form>
        <label className="button">
          Import Elsa JSON
          <input type="file" accept=".json,application/json" hidden data-testid="import-file" onChange={importFile} />
        </label>
        <button onClick={onSignOut}>Sign out</button>
      </header>
      {error && <p role="alert" className="error" onClick={() => setError(null)}>{error}</p>}
      {items === null ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p className="empty">No journeys{search ? " match this search" : " yet: create one"}.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Name</th><th>Status</th><th>Version</th><th>Last change</th><th /></tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.definitionId} data-definition-id={d.definitionId}>
                <td><a href={journeyPath(d.definitionId)} onClick={(e) => { e.preventDefault(); navigate(journeyPath(d.definitionId)); }}>{d.name || d.definitionId}</a></td>
                <td><span className={`status status-${d.status.toLowerCase()}`}>{d.status}</span></td>
                <td>{d.version}</td>
                <td>{new Date(d.updatedAt).toLocaleString()}</td>
                <td>
                  {confirmDelete === d.definitionId ? (
                    <>
                      <button className="danger" onClick={() => void remove(d.definitionId)}>Confirm delete</button>
                      <button onClick={() => setConfirmDelete(null)}>Keep</button>
                    </>
                  ) : (
                    <button onClick={() => setConfirmDelete(d.definitionId)}>Delete</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
