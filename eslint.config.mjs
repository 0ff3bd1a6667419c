// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const sdkImports = [
  { group: ["@microsoft/*", "@azure/*", "botbuilder*", "react", "react-dom", "@fluentui/*", "jose", "zod", "zod/*"], message: "The domain core is pure: no SDKs, no I/O." },
  { group: ["node:*", "fs", "http", "https", "crypto", "path", "os", "child_process"], message: "The domain core does no I/O." },
  { group: ["../store/*", "../functions/*", "../bot/*", "../tab/*", "../local/*", "../auth/*", "../schemas/*"], message: "The domain core imports nothing from the edges." },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", ".azurite/**", ".test-output/**", "bench-results/**", "appPackage/build/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: sdkImports }] },
  },
  {
    files: ["src/tab/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": ["error", { patterns: [{ group: ["@microsoft/teams-js"], message: "Only src/tab/host/teams.ts talks to Teams." }] }],
    },
  },
  {
    files: ["src/tab/host/teams.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
