import { useEffect, useState } from "react";
import { teamsLightTheme, type Theme } from "@fluentui/react-components";
import type { HostTheme } from "./host";

/*
 * Light ships with the first paint; dark and high contrast are fetched when a person uses them, so
 * most panels never download them. Until a theme arrives the panel keeps showing nothing (not the
 * light theme), so a dark Teams never flashes white.
 */
const loaders: Record<Exclude<HostTheme, "default">, () => Promise<Theme>> = {
  dark: () => import("./themes/dark").then((m) => m.theme),
  contrast: () => import("./themes/contrast").then((m) => m.theme),
};

const loaded = new Map<HostTheme, Theme>([["default", teamsLightTheme]]);

/**
 * The Fluent theme for the host's theme, or null while the first one loads (a failed load falls
 * back to light, said in the console). A live change keeps the theme shown until the new one has
 * loaded, so the panel (and what is open in it) stays on screen.
 */
export function useFluentTheme(theme: HostTheme): Theme | null {
  const [, setReady] = useState(0);
  const [shown, setShown] = useState<Theme | null>(null);
  const known = loaded.get(theme);
  if (known && known !== shown) setShown(known);
  useEffect(() => {
    if (known || theme === "default") return;
    let live = true;
    loaders[theme]()
      .catch((err: unknown) => {
        console.warn(`[scrum-of-scrums] the ${theme} theme did not load; showing the light theme`, err);
        return teamsLightTheme;
      })
      .then((t) => {
        loaded.set(theme, t);
        if (live) setReady((n) => n + 1);
      });
    return () => {
      live = false;
    };
  }, [theme, known]);
  return known ?? shown;
}
