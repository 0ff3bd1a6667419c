import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { Host } from "../host";
import type { Strings } from "../strings";
import type { BoardSnapshot, PanelStore } from "./store";

/** What every part of the panel reads: the shared store, the host, and the reader's language. */
export interface BoardEnv {
  store: PanelStore;
  host: Host;
  t: Strings;
  locale: string;
}

export const BoardContext = createContext<BoardEnv | null>(null);

export function useEnv(): BoardEnv {
  const env = useContext(BoardContext);
  if (!env) throw new Error("BoardContext is missing");
  return env;
}

export function useStrings(): Strings {
  return useEnv().t;
}

/** The shared board: the server's view plus this panel's pending changes. */
export function useBoard(): BoardSnapshot {
  const { store } = useEnv();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Server time, read fresh on every render and re-rendering every `intervalMs` while `active`. */
export function useServerNow(active: boolean, intervalMs = 250): number {
  const { store } = useEnv();
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs]);
  return store.serverNow();
}

/** One feature's writes (see `state/writes`), made once per store: `useWrites(voteWrites)`. */
export function useWrites<W>(writes: (store: PanelStore) => W): W {
  const { store } = useEnv();
  return useMemo(() => writes(store), [writes, store]);
}
