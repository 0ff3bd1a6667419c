// Loaded only when a person's Teams (or ?theme=) is high contrast: see ../theme.ts.
export { teamsHighContrastTheme as theme } from "@fluentui/react-components";
