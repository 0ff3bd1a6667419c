import { useEffect, useState, type ReactNode } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowDownloadRegular, CopyRegular } from "../icons";
import { ApiError } from "../state/api";
import { useEnv, useWrites } from "../state/hooks";
import { facilitationWrites } from "../state/writes/facilitation";
import { languageOf } from "../strings";

/** Dialogs of the session menu and the summary, loaded when first opened. */

export function StartSessionDialog({ kind, onClose }: { kind: "weekly" | "daily"; onClose: () => void }) {
  const { t } = useEnv();
  const act = useWrites(facilitationWrites);
  const label = kind === "daily" ? t.daily : t.weekly;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t.confirmStartTitle(label)}</DialogTitle>
          <DialogContent>{kind === "daily" ? t.confirmStartDaily : t.confirmStartWeekly}</DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t.cancel}</Button>
            <Button
              appearance="primary"
              data-testid="confirm-start-session"
              onClick={() => {
                onClose();
                void act.startSession(kind);
              }}
            >
              {t.start}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, overflowWrap: "anywhere" },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase200 },
  cell: { overflowWrap: "normal", wordBreak: "normal", textAlign: "start", padding: tokens.spacingHorizontalXXS, borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, verticalAlign: "top" },
  actions: { flexWrap: "wrap" },
});

const unescape = (s: string) => s.replace(/\\([\\|*_#])/g, "$1");

/** `**bold**` inside a line; everything else is plain text. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*)/g).map((part, i) => (part.startsWith("**") && part.endsWith("**") && part.length > 4 ? <strong key={i}>{unescape(part.slice(2, -2))}</strong> : unescape(part)));
}

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** The server's Markdown summary shown simply: headings, lists, tables and paragraphs. */
export function Markdown({ text }: { text: string }) {
  const s = useStyles();
  const blocks: ReactNode[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? "";
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      blocks.push(
        level <= 2 ? (
          <Subtitle2 key={i} as="h3">
            {inline(heading[2] ?? "")}
          </Subtitle2>
        ) : (
          <Text key={i} as="h4" weight="semibold">
            {inline(heading[2] ?? "")}
          </Text>
        ),
      );
      i++;
    } else if (/^\s*- /.test(line)) {
      const items: string[] = [];
      // A checklist item keeps its box: a done action reads as ticked.
      while (i < lines.length && /^\s*- /.test(lines[i] ?? "")) items.push((lines[i++] ?? "").replace(/^\s*- (?:\[([ x])\] )?/, (_, box?: string) => (box === "x" ? "☑ " : box ? "☐ " : "")));
      blocks.push(
        <ul key={i} className={s.list}>
          {items.map((it, k) => (
            <li key={k}>
              <Text>{inline(it)}</Text>
            </li>
          ))}
        </ul>,
      );
    } else if (line.startsWith("|")) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] ?? "").startsWith("|")) {
        const row = lines[i++] ?? "";
        if (!/^\|[\s|:-]+\|$/.test(row)) rows.push(cells(row));
      }
      const [head, ...body] = rows;
      blocks.push(
        <table key={i} className={s.table}>
          <thead>
            <tr>
              {(head ?? []).map((c, k) => (
                <th key={k} scope="col" className={s.cell}>
                  {unescape(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {body.map((r, k) => (
              <tr key={k}>
                {r.map((c, j) => (
                  <td key={j} className={s.cell}>
                    {unescape(c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>,
      );
    } else if (line.trim()) {
      blocks.push(
        <Text key={i} block>
          {inline(line)}
        </Text>,
      );
      i++;
    } else i++;
  }
  return <div className={s.body}>{blocks}</div>;
}

/** The current session's summary: read here, copied as Markdown, or downloaded as CSV. */
export function SummaryDialog({ onClose }: { onClose: () => void }) {
  const s = useStyles();
  const { t, store, locale } = useEnv();
  // The summary's own words in the panel's language (the server words it; user text stays as typed).
  const lang = languageOf(locale);
  const [md, setMd] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    store.api.readText(`/summary?format=md&lang=${lang}`).then(
      (text) => live && setMd(text),
      (err: unknown) => live && setError(err instanceof ApiError ? err.detail : String(err)),
    );
    return () => {
      live = false;
    };
  }, [store, lang]);
  const copy = async () => {
    if (md === null) return;
    try {
      await navigator.clipboard.writeText(md);
      store.notify({ intent: "success", title: t.copied });
    } catch (err) {
      store.notify({ intent: "error", title: t.refused, body: err instanceof Error ? err.message : String(err) });
    }
  };
  const download = async () => {
    try {
      const csv = await store.api.readText(`/summary?format=csv&lang=${lang}`);
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "summary.csv";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      store.notify({ intent: "error", title: t.refused, body: err instanceof ApiError ? err.detail : String(err) });
    }
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t.summaryTitle}</DialogTitle>
          <DialogContent data-testid="summary" tabIndex={0} role="region" aria-label={t.summaryTitle}>
            {error ? (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            ) : md === null ? (
              <Spinner size="small" label={t.loading} />
            ) : (
              <Markdown text={md} />
            )}
          </DialogContent>
          <DialogActions className={s.actions}>
            <Button icon={<CopyRegular />} disabled={md === null} onClick={() => void copy()} data-testid="summary-copy">
              {t.copyMarkdown}
            </Button>
            <Button icon={<ArrowDownloadRegular />} onClick={() => void download()} data-testid="summary-csv">
              {t.downloadCsv}
            </Button>
            <Button appearance="primary" onClick={onClose}>
              {t.close}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
