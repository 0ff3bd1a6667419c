import { Caption1 } from "@fluentui/react-components";
import type { RomanView } from "../../domain";
import { useEnv } from "../state/hooks";

/** How many of the people present have voted to continue or move on ("3 of 5 voted"); it follows each vote live. */
export function VotedCount({ roman }: { roman: RomanView }) {
  const { t } = useEnv();
  return (
    <Caption1 role="status" data-testid="roman-voted">
      {t.votedOf(roman.voted, roman.present)}
    </Caption1>
  );
}
