// The key lives in sessionStorage: closing the tab signs out, and it never reaches a cookie jar.
const storageKey = "automationserver.apiKey";

export function readApiKey(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function storeApiKey(key: string): void {
  sessionStorage.setItem(storageKey, key);
}

export function clearApiKey(): void {
  sessionStorage.removeItem(storageKey);
}
