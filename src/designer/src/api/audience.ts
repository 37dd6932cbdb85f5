import { request } from "./client";

export interface SegmentSummary {
  id: string;
  name: string;
  memberCount: number;
}

export interface AttributeDefinition {
  name: string;
  type: string;
  displayName?: string | null;
}

/** The audience's names the designer's pickers offer. */
export const audienceApi = {
  segments: () => request<{ items: SegmentSummary[]; total: number }>("GET", "/api/segments?take=500"),
  eventNames: () => request<{ standard: string[]; recent: string[] }>("GET", "/api/audience/event-names"),
  topics: () => request<string[]>("GET", "/api/audience/topics"),
  lifecycleStages: () => request<{ stages: { stage: string }[] }>("GET", "/api/audience/lifecycle/stages"),
  attributes: () => request<AttributeDefinition[]>("GET", "/api/audience/attributes"),
};
