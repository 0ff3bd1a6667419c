import { useState } from "react";
import {
  Avatar,
  Field,
  makeStyles,
  Tag,
  TagPicker,
  TagPickerButton,
  TagPickerControl,
  TagPickerGroup,
  TagPickerInput,
  TagPickerList,
  TagPickerOption,
  tokens,
  type TagPickerProps,
} from "@fluentui/react-components";
import { useEnv } from "../state/hooks";
import type { RosterPerson } from "../state/people";

const useStyles = makeStyles({
  field: { minWidth: 0, maxWidth: "100%" },
  control: { minWidth: 0, maxWidth: "100%", boxSizing: "border-box" },
  // A long name is cut with an ellipsis rather than widening the dialog past the panel.
  tag: { minWidth: 0, maxWidth: "100%" },
  tagText: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  option: { overflowWrap: "anywhere" },
  extra: { borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
});

/** An option that is not a person on the roster, e.g. "Someone outside this meeting". */
export interface PickerExtra {
  value: string;
  label: string;
}

const NO_MATCH = "\u0000no-match";

/** Case and accents do not matter when searching a name: "eve" finds "Ève". */
function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

export interface PeoplePickerProps {
  label: string;
  /** The roster to pick from. */
  people: readonly RosterPerson[];
  /** The ids picked (at most one unless `multiple`). */
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  multiple?: boolean;
  /** The most people `multiple` may pick. */
  max?: number;
  /** Choices offered after the people whatever the search. */
  extras?: readonly PickerExtra[];
  /** Names for picked ids the roster no longer holds (e.g. someone who left the chat). */
  known?: readonly { id: string; name: string }[];
  validationMessage?: string | undefined;
  testId: string;
}

/**
 * The one way the panel names a person: search the meeting's roster by name, see names, store ids.
 * Nobody types an id; a person who is not in the meeting can only be an explicit `extras` choice.
 */
export function PeoplePicker({ label, people, selected, onChange, multiple = false, max = Infinity, extras = [], known = [], validationMessage, testId }: PeoplePickerProps) {
  const s = useStyles();
  const { t } = useEnv();
  const [query, setQuery] = useState("");
  const extraOf = (id: string) => extras.find((e) => e.value === id);
  const labelOf = (id: string): string => {
    const extra = extraOf(id);
    if (extra) return extra.label;
    const person = people.find((p) => p.id === id);
    if (person) return person.name;
    const gone = known.find((p) => p.id === id);
    return gone?.name ? t.notInMeeting(gone.name) : t.unknownPerson;
  };
  const full = multiple && selected.length >= max;
  const matches = full ? [] : people.filter((p) => !selected.includes(p.id) && fold(p.name).includes(fold(query.trim())));
  const extraChoices = full ? [] : extras.filter((e) => !selected.includes(e.value));

  const onOptionSelect: TagPickerProps["onOptionSelect"] = (_, data) => {
    if (data.value === NO_MATCH) return;
    setQuery("");
    const added = !selected.includes(data.value);
    if (multiple) onChange(added ? [...selected, data.value] : selected.filter((id) => id !== data.value));
    else onChange(added ? [data.value] : []);
  };

  return (
    <Field label={label} validationMessage={validationMessage} className={s.field}>
      <TagPicker onOptionSelect={onOptionSelect} selectedOptions={[...selected]} positioning={{ autoSize: "width", position: "below" }}>
        <TagPickerControl className={s.control}>
          <TagPickerGroup aria-label={label}>
            {selected.map((id) => (
              <Tag
                key={id}
                value={id}
                shape="rounded"
                className={s.tag}
                primaryText={{ className: s.tagText }}
                media={extraOf(id) ? undefined : <Avatar aria-hidden name={labelOf(id)} color="colorful" />}
                data-testid="picked-person"
              >
                {labelOf(id)}
              </Tag>
            ))}
          </TagPickerGroup>
          {/* One person picked: a button beside the tag reopens the list (picking there replaces them), so the field stays one line. */}
          {!multiple && selected.length > 0 ? (
            <TagPickerButton aria-label={t.changePerson(label)} data-testid={`${testId}-change`} />
          ) : (
            <TagPickerInput aria-label={label} value={query} onChange={(e) => setQuery(e.target.value)} placeholder={selected.length === 0 ? t.searchPeople : undefined} data-testid={testId} />
          )}
        </TagPickerControl>
        <TagPickerList data-testid={`${testId}-list`}>
          {matches.map((p) => (
            <TagPickerOption
              key={p.id}
              value={p.id}
              text={p.name}
              className={s.option}
              media={<Avatar aria-hidden name={p.name} color="colorful" size={24} />}
              secondaryContent={p.present ? t.presentNow : undefined}
              data-testid="person-option"
              data-person={p.name}
            >
              {p.name}
            </TagPickerOption>
          ))}
          {matches.length === 0 && extraChoices.length === 0 ? (
            <TagPickerOption value={NO_MATCH} text="" data-testid="person-no-match">
              {full ? t.pickedEnough : t.noPersonMatches}
            </TagPickerOption>
          ) : null}
          {extraChoices.map((e) => (
            <TagPickerOption key={e.value} value={e.value} text={e.label} className={s.extra} data-testid="person-extra">
              {e.label}
            </TagPickerOption>
          ))}
        </TagPickerList>
      </TagPicker>
    </Field>
  );
}
