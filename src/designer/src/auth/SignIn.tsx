import { useState, type FormEvent } from "react";
import { api, ApiError } from "../api/client";
import { clearApiKey, storeApiKey } from "./session";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    storeApiKey(key.trim());
    try {
      await api.checkKey();
      onSignedIn();
    } catch (e) {
      clearApiKey();
      setError(e instanceof ApiError && e.status === 401 ? "This API key is not valid." : String((e as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit}>
        <h1>AutomationServer</h1>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoFocus value={key} onChange={(e) => setKey(e.target.value)} />
        <button type="submit" disabled={busy || key.trim() === ""}>
          Sign in
        </button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </main>
  );
}
