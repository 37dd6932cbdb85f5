import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    // The host project passes --outDir (its wwwroot); a manual build writes to dist/.
    outDir: "dist",
    emptyOutDir: true,
    // Hashed names under assets/ are what the host caches for a year.
    assetsDir: "assets",
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:5000", "/health": "http://127.0.0.1:5000" },
  },
});
