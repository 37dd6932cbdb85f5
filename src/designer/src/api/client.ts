import { readApiKey } from "../auth/session";
import type {
  ActivityDescriptor,
  DefinitionSummary,
  DefinitionWithDocument,
  ElsaDocument,
  ValidationProblem,
} from "./types";

/** A failed request; problems come from the server's RFC 9457 body when it lists them. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly problems: ValidationProblem[] = [],
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => {};

/** The app returns to the sign-in screen whenever the server refuses the key. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const key = readApiKey();
  if (key) headers["X-Api-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    onUnauthorized();
    throw new ApiError(401, "The API key was not accepted.");
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const message = json?.detail ?? json?.title ?? `${method} ${path} failed with ${response.status}.`;
    throw new ApiError(response.status, message, Array.isArray(json?.problems) ? json.problems : []);
  }
  return json as T;
}

export const api = {
  checkKey: () => request<unknown>("GET", "/api/definitions?take=1"),
  activities: () => request<ActivityDescriptor[]>("GET", "/api/activities"),
  listDefinitions: (search: string) =>
    request<{ items: DefinitionSummary[]; total: number }>(
      "GET",
      `/api/definitions?take=200${search ? `&search=${encodeURIComponent(search)}` : ""}`,
    ),
  getDefinition: (id: string) => request<DefinitionWithDocument>("GET", `/api/definitions/${encodeURIComponent(id)}`),
  createDefinition: (document: ElsaDocument) => request<DefinitionWithDocument>("POST", "/api/definitions", document),
  saveDraft: (id: string, document: ElsaDocument) =>
    request<DefinitionWithDocument>("PUT", `/api/definitions/${encodeURIComponent(id)}`, document),
  deleteDefinition: (id: string) => request<void>("DELETE", `/api/definitions/${encodeURIComponent(id)}`),
  validate: (document: ElsaDocument) =>
    request<{ valid: boolean; problems: ValidationProblem[] }>("POST", "/api/definitions/validate", document),
  publish: (id: string) => request<DefinitionSummary>("POST", `/api/definitions/${encodeURIComponent(id)}/publish`),
  importDefinition: (document: unknown) => request<DefinitionSummary>("POST", "/api/definitions/import", document),
};
