// Loaded only when a person's Teams (or ?theme=) is dark: see ../theme.ts.
export { teamsDarkTheme as theme } from "@fluentui/react-components";
