import { defineConfig } from "vite";

declare const process: { env: Record<string, string | undefined> };

// `npm run dev` serves the console on :5173 and forwards the API, hubs and token endpoint to a VoiceFlow
// server (./run.sh, http://127.0.0.1:5000 unless VOICEFLOW_API says otherwise).
const api = process.env.VOICEFLOW_API ?? "http://127.0.0.1:5000";

export default defineConfig({
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: api, changeOrigin: false },
      "/connect": { target: api, changeOrigin: false },
      "/health": { target: api, changeOrigin: false },
      "/hubs": { target: api, changeOrigin: false, ws: true },
    },
  },
  build: {
    target: "es2022",
    sourcemap: true,
    assetsDir: "assets",
  },
});
