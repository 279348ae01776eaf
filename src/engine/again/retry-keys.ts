import type { Play } from "../../db/records";
import type { RunRequest } from "../../wire/records";

/**
 * The version a run of `play` under `versionSid` puts in its step keys: the one its latest
 * retry carried over when the run executes the version that retry ran (see `PlayRetry`), else
 * that version itself (a new version executes its steps afresh: their keys contain the version).
 */
export function stepKeyVersion(play: Play, versionSid: string): string {
  const retried = play.retried;
  return retried?.version_sid === versionSid ? retried.key_version_sid : versionSid;
}

/** What a run request says of a retry: the version its keys contain, the failures it forgets. */
export function retriedKeys(
  play: Play,
  versionSid: string,
): Pick<RunRequest, "key_version_sid" | "forget"> {
  const retried = play.retried;
  if (!retried) return {};
  const keyVersion = stepKeyVersion(play, versionSid);
  return {
    ...(keyVersion !== versionSid && { key_version_sid: keyVersion }),
    ...(retried.forget.length > 0 && { forget: retried.forget }),
  };
}
