/**
 * Every icon the tab uses, imported one by one from its own module so that the bundle carries
 * only these (the package's barrel holds thousands).
 */
export { AddRegular } from "@fluentui/react-icons/svg/add";
export { SubtractRegular } from "@fluentui/react-icons/svg/subtract";
export { ThumbLikeRegular } from "@fluentui/react-icons/svg/thumb-like";
export { ThumbDislikeRegular } from "@fluentui/react-icons/svg/thumb-dislike";
export { PauseRegular } from "@fluentui/react-icons/svg/pause";
export { PlayRegular } from "@fluentui/react-icons/svg/play";
export { NextRegular } from "@fluentui/react-icons/svg/next";
export { StopRegular } from "@fluentui/react-icons/svg/stop";
export { TimerRegular } from "@fluentui/react-icons/svg/timer";
export { ShareScreenStartRegular } from "@fluentui/react-icons/svg/share-screen-start";
export { ArrowLeftRegular } from "@fluentui/react-icons/svg/arrow-left";
export { ArrowRightRegular } from "@fluentui/react-icons/svg/arrow-right";
export { MoreHorizontalRegular } from "@fluentui/react-icons/svg/more-horizontal";
export { DeleteRegular } from "@fluentui/react-icons/svg/delete";
export { EditRegular } from "@fluentui/react-icons/svg/edit";
export { MergeRegular } from "@fluentui/react-icons/svg/merge";
export { ArrowClockwiseRegular } from "@fluentui/react-icons/svg/arrow-clockwise";
export { CalendarRegular } from "@fluentui/react-icons/svg/calendar";
export { PersonRegular } from "@fluentui/react-icons/svg/person";
export { PeopleTeamRegular } from "@fluentui/react-icons/svg/people-team";
export { DismissRegular } from "@fluentui/react-icons/svg/dismiss";
export { CheckmarkRegular } from "@fluentui/react-icons/svg/checkmark";
export { SendRegular } from "@fluentui/react-icons/svg/send";
export { DocumentTextRegular } from "@fluentui/react-icons/svg/document-text";
export { CopyRegular } from "@fluentui/react-icons/svg/copy";
export { ArrowDownloadRegular } from "@fluentui/react-icons/svg/arrow-download";
export { PersonAvailableRegular } from "@fluentui/react-icons/svg/person-available";
export { PeopleRegular } from "@fluentui/react-icons/svg/people";
