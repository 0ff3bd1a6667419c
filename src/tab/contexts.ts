/**
 * Where Teams may open the tab. appPackage/manifest.json declares exactly these contexts
 * (checked by tests/package), and the tab renders a view for each frame context it meets.
 */
export const TAB_CONTEXTS = ["meetingSidePanel", "meetingStage", "meetingChatTab", "meetingDetailsTab"] as const;
export type TabContext = (typeof TAB_CONTEXTS)[number];
