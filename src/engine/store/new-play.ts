import type { Play } from "../../db/records";
import { newSid } from "../ids";

let lastCreated = 0;

/**
 * `Date.now()`, made strictly increasing in this tab (a microsecond later when two plays are
 * created in the same millisecond): "newest first" then has one order, not a random one.
 */
export function creationTime(): number {
  lastCreated = Math.max(Date.now(), lastCreated + 0.001);
  return lastCreated;
}

/** A new `pending` play record. */
export function newPlay(init: {
  sid?: string;
  workflowSid: string;
  versionSid: string;
  pinned: boolean;
  inputs: Record<string, unknown>;
  prefill: Record<string, unknown>;
  timeoutMs?: number | null;
  maxChildren?: number | null;
  /** The recorded play of a cassette play (see `Play.cassette_of`). */
  cassetteOf?: string;
}): Play {
  const play: Play = {
    sid: init.sid ?? newSid(),
    workflow_sid: init.workflowSid,
    version_sid: init.versionSid,
    pinned_version_sid: init.pinned ? init.versionSid : null,
    status: "pending",
    input_data: init.inputs,
    output_data: null,
    error: null,
    prefill_resumes: init.prefill,
    prefill_only: Object.keys(init.prefill).length > 0,
    pending_pause: null,
    waiting_on: [],
    parent_play_sid: null,
    parent_span_sid: null,
    run_count: 0,
    timeout_ms: init.timeoutMs ?? null,
    max_children: init.maxChildren ?? null,
    created_at: creationTime(),
    started_at: null,
    ended_at: null,
  };
  if (init.cassetteOf !== undefined) play.cassette_of = init.cassetteOf;
  return play;
}
