import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import path from "node:path";

// The tab is built into dist/tab, which the local host serves at "/" and deploy uploads as static files.
export default defineConfig({
  root: path.resolve(__dirname),
  base: "/",
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, "../../dist/tab"),
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
});
