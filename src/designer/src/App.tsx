import { useEffect, useState } from "react";
import { setUnauthorizedHandler } from "./api/client";
import { clearApiKey, readApiKey } from "./auth/session";
import { SignIn } from "./auth/SignIn";
import { JourneyList } from "./journeys/JourneyList";
import { Editor } from "./editor/Editor";
import { useRoute } from "./router";

export function App() {
  const [signedIn, setSignedIn] = useState(() => readApiKey() !== null);
  const route = useRoute();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      clearApiKey();
      setSignedIn(false);
    });
  }, []);

  if (!signedIn) return <SignIn onSignedIn={() => setSignedIn(true)} />;
  const signOut = () => {
    clearApiKey();
    setSignedIn(false);
  };
  return route.page === "editor" ? (
    <Editor key={route.definitionId} definitionId={route.definitionId} />
  ) : (
    <JourneyList onSignOut={signOut} />
  );
}
