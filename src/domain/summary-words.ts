import type { ActionStatus } from "./actions";
import type { Need } from "./daily";
import type { SessionKind } from "./sessions";

/**
 * The summary's own words in the reader's language (English or French): the Markdown, the CSV
 * and the bot's summary card say them; what people typed stays as typed.
 */
export type SummaryLanguage = "en" | "fr";

export interface SummaryWords {
  title: (kind: SessionKind, date: string) => string;
  cardTitle: (kind: SessionKind, date: string) => string;
  status: Record<ActionStatus, string>;
  needState: Record<Need["state"], string>;
  discussed: string;
  nothingDiscussed: string;
  actionItems: string;
  noOpenActions: string;
  table: { action: string; owner: string; due: string; status: string };
  due: (date: string) => string;
  dueBy: (date: string) => string;
  overdue: string;
  unassigned: string;
  attended: string;
  attendedCard: string;
  nextSteps: string;
  nextStepsCard: string;
  noNextSteps: string;
  needsRaised: string;
  noNeedsRaised: string;
  needsAnswered: string;
  noNeedsAnswered: string;
  needsOverdue: string;
  noNeedsOverdue: string;
  actionsMoved: string;
  noActionsMoved: string;
  carriedOver: string;
  nothingCarried: string;
  openBoard: string;
  csv: { action: string; owner: string; team: string; due: string; status: string; overdue: string; topic: string; yes: string; no: string };
}

const KIND_EN: Record<SessionKind, string> = { weekly: "weekly", daily: "daily" };
const KIND_FR: Record<SessionKind, string> = { weekly: "la réunion hebdomadaire", daily: "le point quotidien" };

const en: SummaryWords = {
  title: (kind, date) => `Scrum of scrums — ${KIND_EN[kind]} of ${date}`,
  cardTitle: (kind, date) => `Scrum of scrums — summary of the ${KIND_EN[kind]} of ${date}`,
  status: { todo: "To do", doing: "In progress", done: "Done" },
  needState: { open: "waiting for an answer", accepted: "accepted", declined: "declined", done: "done" },
  discussed: "Discussed",
  nothingDiscussed: "Nothing was discussed.",
  actionItems: "Action items",
  noOpenActions: "No open action items.",
  table: { action: "Action", owner: "Owner", due: "Due", status: "Status" },
  due: (date) => `due ${date}`,
  dueBy: (date) => `by ${date}`,
  overdue: "overdue",
  unassigned: "unassigned",
  attended: "Who attended",
  attendedCard: "Who attended for which team",
  nextSteps: "Next steps",
  nextStepsCard: "Next steps per team",
  noNextSteps: "No team posted next steps.",
  needsRaised: "Needs raised",
  noNeedsRaised: "No team raised a need.",
  needsAnswered: "Needs answered",
  noNeedsAnswered: "No need was answered.",
  needsOverdue: "Needs overdue",
  noNeedsOverdue: "None: every need was answered in time.",
  actionsMoved: "Actions moved",
  noActionsMoved: "No action moved on the Kanban.",
  carriedOver: "Carried over to the next weekly",
  nothingCarried: "Nothing: the queue was cleared.",
  openBoard: "Open the board",
  csv: { action: "action", owner: "owner", team: "team", due: "due", status: "status", overdue: "overdue", topic: "topic", yes: "yes", no: "no" },
};

const fr: SummaryWords = {
  title: (kind, date) => `Scrum of scrums — ${KIND_FR[kind]} du ${date}`,
  cardTitle: (kind, date) => `Scrum of scrums — résumé de ${KIND_FR[kind]} du ${date}`,
  status: { todo: "À faire", doing: "En cours", done: "Terminé" },
  needState: { open: "en attente de réponse", accepted: "accepté", declined: "refusé", done: "fait" },
  discussed: "Discutés",
  nothingDiscussed: "Aucun sujet n'a été discuté.",
  actionItems: "Actions",
  noOpenActions: "Aucune action ouverte.",
  table: { action: "Action", owner: "Responsable", due: "Échéance", status: "Statut" },
  due: (date) => `échéance ${date}`,
  dueBy: (date) => `pour le ${date}`,
  overdue: "en retard",
  unassigned: "sans responsable",
  attended: "Présents",
  attendedCard: "Qui représentait quelle équipe",
  nextSteps: "Prochaines étapes",
  nextStepsCard: "Prochaines étapes par équipe",
  noNextSteps: "Aucune équipe n'a donné ses prochaines étapes.",
  needsRaised: "Besoins exprimés",
  noNeedsRaised: "Aucune équipe n'a exprimé de besoin.",
  needsAnswered: "Besoins traités",
  noNeedsAnswered: "Aucun besoin n'a été traité.",
  needsOverdue: "Besoins en retard",
  noNeedsOverdue: "Aucun : chaque besoin a reçu une réponse à temps.",
  actionsMoved: "Actions déplacées",
  noActionsMoved: "Aucune action n'a bougé sur le Kanban.",
  carriedOver: "Reporté à la prochaine réunion hebdomadaire",
  nothingCarried: "Rien : la file a été vidée.",
  openBoard: "Ouvrir le tableau",
  csv: { action: "action", owner: "responsable", team: "équipe", due: "échéance", status: "statut", overdue: "en retard", topic: "sujet", yes: "oui", no: "non" },
};

export function summaryWords(language: SummaryLanguage): SummaryWords {
  return language === "fr" ? fr : en;
}

/**
 * The reader's language from a locale ("fr-FR", Teams' `locale`) or an Accept-Language header
 * ("fr-CA,fr;q=0.9,en;q=0.8"): the most preferred of English and French, English otherwise.
 */
export function summaryLanguage(preference: string | null | undefined): SummaryLanguage {
  const ranked = (preference ?? "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === "fr" || tag.startsWith("fr-") || tag.startsWith("fr_")) return "fr";
    if (tag === "en" || tag.startsWith("en-") || tag.startsWith("en_")) return "en";
  }
  return "en";
}
