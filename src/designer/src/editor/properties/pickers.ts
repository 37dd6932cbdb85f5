import { audienceApi } from "../../api/audience";
import { request } from "../../api/client";

export interface PickerOption {
  value: string;
  label?: string;
  group?: string;
}

/**
 * Where each picker's choices come from, by the input's UI hint (AutomationServer.Sdk UIHints). Adding a picker
 * is one entry here: an input with that hint then gets a combobox offering these choices (typing stays allowed).
 */
export const pickerSources: Record<string, () => Promise<PickerOption[]>> = {
  "segment-picker": async () =>
    (await audienceApi.segments()).items.map((s) => ({ value: s.id, label: `${s.name} (${s.memberCount} contacts)` })),
  "event-name-picker": async () => {
    const names = await audienceApi.eventNames();
    return [
      ...names.standard.map((n) => ({ value: n, group: "Standard" })),
      ...names.recent.map((n) => ({ value: n, group: "Seen in the last 30 days" })),
    ];
  },
  "topic-picker": async () => (await audienceApi.topics()).map((t) => ({ value: t })),
  "stage-picker": async () => (await audienceApi.lifecycleStages()).stages.map((s) => ({ value: s.stage })),
  "template-picker": async () =>
    (
      await request<{ items: { id: string; name: string; channel: string }[] }>("GET", "/api/templates?take=500")
    ).items.map((t) => ({ value: t.id, label: `${t.name} (${t.id})`, group: t.channel })),
  "attribute-picker": async () =>
    (await audienceApi.attributes()).map((a) => ({ value: a.name, label: `${a.displayName ?? a.name} (${a.type})` })),
};

export function hasPicker(uiHint: string | null | undefined): boolean {
  return !!uiHint && uiHint in pickerSources;
}
