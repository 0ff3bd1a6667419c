import { DECLINE_REASON_MAX, type Need } from "../domain";
import { card, execute, heading, NEED_STATE_LABEL, notice, refresh, text, VERBS, type Card, type Json, type Notice } from "./card-kit";
import { inert } from "./inert-text";

/** The card of a need between teams, addressed to the team asked: Accept, Decline (with a reason) or Done. */

export interface NeedCardInput {
  need: Need;
  from: string;
  to: string;
  overdue: boolean;
  /** Null for the message everyone sees; for one person's view, whether they may answer for the team asked. */
  canAnswer: boolean | null;
  /** Teams ids whose clients refresh the card to their own view (at most 60). */
  userIds: string[];
  notice?: Notice;
}

/** A need in the meeting chat, addressed to the team asked: Accept, Decline (with a reason) or Done. */
export function needCard(input: NeedCardInput): Card {
  const { need, from, to } = input;
  const body: Json[] = [heading(`🤝 ${inert(from)} needs ${inert(to)}`), ...notice(input.notice), text(`**${inert(need.text)}**`)];
  const facts: Json[] = [{ title: "Asked by", value: `${inert(need.raisedBy.name)} for ${inert(from)}` }];
  if (need.by) facts.push({ title: "By", value: `${need.by}${input.overdue ? " — overdue" : ""}` });
  facts.push({ title: "State", value: NEED_STATE_LABEL[need.state] });
  body.push({ type: "FactSet", facts });
  const answered = need.answeredBy ? `${inert(need.answeredBy.name)} (${inert(to)})` : inert(to);
  if (need.state === "accepted") body.push(text(`✅ Accepted by ${answered}.`, { color: "Good", weight: "Bolder" }));
  if (need.state === "done") body.push(text(`✔️ Done, marked by ${answered}.`, { color: "Good", weight: "Bolder" }));
  if (need.state === "declined") body.push(text(`❌ Declined by ${answered}: ${inert(need.declineReason)}`, { color: "Attention", weight: "Bolder" }));
  if (input.overdue && need.state === "open") body.push(text("Overdue: nobody has answered in time.", { color: "Attention" }));
  const answerable = need.state === "open" || need.state === "accepted";
  const actions: Json[] = [];
  if (answerable && input.canAnswer === false) {
    body.push(text(`Only ${inert(to)}'s representative or an alternate can answer it.`, { isSubtle: true }));
  } else if (answerable) {
    body.push(text(need.state === "open" ? `${inert(to)}: accept, decline (say why) or mark it done.` : `${inert(to)}: mark it done when it is, or decline (say why).`, { isSubtle: true }));
    body.push({ type: "Input.Text", id: "reason", label: "Reason, if you decline", placeholder: "Why not, so they can find help elsewhere", maxLength: DECLINE_REASON_MAX });
    const data = { needId: need.id };
    if (need.state === "open") actions.push(execute("Accept", VERBS.answerNeed, { ...data, answer: "accept" }, { style: "positive" }));
    actions.push(execute("Decline", VERBS.answerNeed, { ...data, answer: "decline" }, { style: "destructive" }));
    actions.push(execute("Done", VERBS.answerNeed, { ...data, answer: "done" }));
  }
  actions.push(execute("Refresh", VERBS.needView, { needId: need.id }));
  return card(body, { actions, ...refresh(VERBS.needView, input.userIds, { needId: need.id }) });
}
