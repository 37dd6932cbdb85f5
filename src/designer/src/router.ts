import { useEffect, useState } from "react";

// Two client routes are enough: "/" (journey list) and "/journeys/<id>" (editor). The host
// answers every other path with index.html, so reloads and shared links land here.
export type Route = { page: "list" } | { page: "editor"; definitionId: string };

function parse(pathname: string): Route {
  const match = /^\/journeys\/([^/]+)\/?$/.exec(pathname);
  return match ? { page: "editor", definitionId: decodeURIComponent(match[1]) } : { page: "list" };
}

export function navigate(path: string): void {
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

export function journeyPath(definitionId: string): string {
  return `/journeys/${encodeURIComponent(definitionId)}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.pathname));
  useEffect(() => {
    const update = () => setRoute(parse(window.location.pathname));
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  return route;
}
