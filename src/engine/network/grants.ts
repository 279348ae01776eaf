import type { NetworkGrant, Workflow, WorkflowVersion } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, NeedsGrantError } from "../errors";
import { requireId, shownValue } from "../validate";
import type { Workflows } from "../workflows";

/** The most origins one flow may declare (a bundle carries as many). */
export const MAX_ORIGINS = 100;

/** The origins a workflow or version declares; records stored before `network` existed: none. */
export const declaredOrigins = (record: { network?: string[] } | undefined): string[] =>
  record?.network ?? [];

/** The origins the person granted the workflow in this browser. */
export async function grantedOrigins(db: HeroDb, workflowSid: string): Promise<string[]> {
  return (await db.grants.get(workflowSid))?.origins ?? [];
}

/**
 * What a run of `version` may reach: the origins it declares that were granted. A version that
 * declares fewer than were granted does not get the others.
 */
export async function originsForRun(db: HeroDb, version: WorkflowVersion): Promise<string[]> {
  const declared = declaredOrigins(version);
  if (declared.length === 0) return [];
  const granted = new Set(await grantedOrigins(db, version.workflow_sid));
  return declared.filter((origin) => granted.has(origin));
}

/**
 * Refuse (`needs_grant`) a run of `version` when it declares origins the person has not
 * granted `workflow`; the message names them and how to grant them. Call it inside a
 * transaction that includes `db.grants`, so the check and what it guards see the same grant.
 */
export async function requireGranted(
  db: HeroDb,
  workflow: Workflow,
  version: WorkflowVersion,
): Promise<void> {
  const declared = declaredOrigins(version);
  if (declared.length === 0) return;
  const granted = new Set(await grantedOrigins(db, workflow.sid));
  const missing = declared.filter((origin) => !granted.has(origin));
  if (missing.length === 0) return;
  throw new NeedsGrantError(
    workflow.sid,
    missing,
    `'${workflow.name}' calls ${missing.join(", ")}, which it was not allowed to: allow ${missing.length === 1 ? "it" : "them"} first (Run asks; from a script: heroLogic.network.allow('${workflow.name}'))`,
  );
}

/**
 * The origin a person or script names, as the analyzer normalizes origins (`URL.origin`: lower
 * case, no default port), or `invalid_input` when it is not an origin alone.
 */
function readOrigin(given: unknown): string {
  if (typeof given !== "string") {
    throw new HeroError("invalid_input", `an origin must be text, not ${shownValue(given)}`);
  }
  let url: URL;
  try {
    url = new URL(given.trim());
  } catch {
    throw new HeroError("invalid_input", `${shownValue(given)} is not an origin (scheme://host)`);
  }
  const bare = url.pathname === "/" && !url.search && !url.hash && !url.username;
  if (url.origin === "null" || !bare) {
    throw new HeroError(
      "invalid_input",
      `${shownValue(given)} is not an origin alone (scheme://host[:port], no path)`,
    );
  }
  return url.origin;
}

/** The origins a call names; omitted: `all`. */
function readOrigins(origins: unknown, all: string[]): string[] {
  if (origins === undefined) return all;
  if (!Array.isArray(origins)) {
    throw new HeroError("invalid_input", "origins must be a list of origins, or omitted for all");
  }
  return origins.map(readOrigin);
}

/** `heroLogic.network`: granting a workflow the origins it declares, revoking, reading grants. */
export function createNetwork(db: HeroDb, workflows: Pick<Workflows, "require">) {
  /**
   * Grant the workflow origins it declares: all that its current version declares when
   * `origins` is omitted; given ones may be declared by any of its versions (a play started on
   * an older version runs that version). An origin no version declares is `invalid_input`.
   * Returns every origin granted.
   */
  async function allow(nameOrSid: string, origins?: string[]): Promise<string[]> {
    requireId(nameOrSid, "workflow name or sid");
    return db.transaction("rw", db.workflows, db.versions, db.grants, async () => {
      const workflow = await workflows.require(nameOrSid);
      const declared = declaredOrigins(await db.versions.get(workflow.current_version_sid));
      const wanted = readOrigins(origins, declared);
      const versions = await db.versions
        .where("[workflow_sid+created_at]")
        .between([workflow.sid, -Infinity], [workflow.sid, Infinity])
        .toArray();
      const anyVersion = new Set(versions.flatMap(declaredOrigins));
      const undeclared = wanted.filter((origin) => !anyVersion.has(origin));
      if (undeclared.length > 0) {
        const list = declared.length ? `network=[${declared.join(", ")}]` : "no network= list";
        throw new HeroError(
          "invalid_input",
          `'${workflow.name}' does not declare ${undeclared.join(", ")} (it has ${list}): only origins a flow declares can be granted`,
        );
      }
      const had = await grantedOrigins(db, workflow.sid);
      const granted = [...had, ...wanted.filter((origin) => !had.includes(origin))];
      if (granted.length > had.length) await store(workflow.sid, granted);
      return granted;
    });
  }

  /** Take back the given origins (all when omitted). Returns the origins still granted. */
  async function revoke(nameOrSid: string, origins?: string[]): Promise<string[]> {
    requireId(nameOrSid, "workflow name or sid");
    return db.transaction("rw", db.workflows, db.grants, async () => {
      const workflow = await workflows.require(nameOrSid);
      const had = await grantedOrigins(db, workflow.sid);
      const taken = readOrigins(origins, had);
      const left = had.filter((origin) => !taken.includes(origin));
      if (left.length === 0) await db.grants.delete(workflow.sid);
      else if (left.length < had.length) await store(workflow.sid, left);
      return left;
    });
  }

  /** The origins granted to the workflow, in the order they were granted. */
  async function grants(nameOrSid: string): Promise<string[]> {
    requireId(nameOrSid, "workflow name or sid");
    const workflow = await workflows.require(nameOrSid);
    return grantedOrigins(db, workflow.sid);
  }

  /** Every grant in this browser, each with its workflow's name, by name. */
  async function list(): Promise<{ workflow: string; origins: string[] }[]> {
    return db.transaction("r", db.workflows, db.grants, async () => {
      const all = await db.grants.toArray();
      const flows = await db.workflows.bulkGet(all.map((grant) => grant.workflow_sid));
      return all
        .flatMap((grant, i) => {
          const flow = flows[i];
          return flow ? [{ workflow: flow.name, origins: grant.origins }] : [];
        })
        .sort((a, b) => a.workflow.localeCompare(b.workflow));
    });
  }

  function store(workflowSid: string, origins: string[]) {
    const grant: NetworkGrant = { workflow_sid: workflowSid, origins, updated_at: Date.now() };
    return db.grants.put(grant);
  }

  return { allow, revoke, grants, list };
}

export type Network = ReturnType<typeof createNetwork>;
