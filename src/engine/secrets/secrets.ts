import type { SecretRecord } from "../../db/records";
import type { HeroDb } from "../../db/schema";
import { HeroError, quoteId } from "../errors";
import { kindOf, requireId } from "../validate";
import type { NamedSecret } from "./redact";

/** A secret's name: as an environment variable's (`EXAMPLE_KEY`). */
const NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The longest name and value the engine keeps (an API key or a token is far shorter). */
export const SECRET_LIMITS = { nameChars: 64, valueChars: 4096 } as const;

/** A stored secret as `list` shows it: never its value. */
export interface SecretInfo {
  name: string;
  updated_at: number;
}

/**
 * The secrets of this browser, for `window.heroLogic.secrets`. Values go in and never come out
 * through this door: only a run's request carries them, to Python.
 */
export interface Secrets {
  /** Store (or replace) a secret. `invalid_input` for a bad name or an empty or long value. */
  set(name: string, value: string): Promise<SecretInfo>;
  /** Remove a secret; `not_found` when there is none of that name. */
  delete(name: string): Promise<void>;
  /** Names and when each was set, by name. Never the values. */
  list(): Promise<SecretInfo[]>;
}

export function createSecrets(db: HeroDb): Secrets {
  return {
    async set(name, value) {
      requireSecretName(name);
      requireSecretValue(value);
      const record: SecretRecord = { name, value, updated_at: Date.now() };
      await db.secrets.put(record);
      return { name, updated_at: record.updated_at };
    },
    async delete(name) {
      requireSecretName(name);
      const deleted = await db.transaction("rw", db.secrets, async () => {
        if (!(await db.secrets.get(name))) return false;
        await db.secrets.delete(name);
        return true;
      });
      if (!deleted) throw new HeroError("not_found", `no secret ${quoteId(name)}`);
    },
    async list() {
      const records = await db.secrets.orderBy("name").toArray();
      return records.map(({ name, updated_at }) => ({ name, updated_at }));
    },
  };
}

/** Every secret of this browser, for a run's request and its redaction. */
export async function allSecrets(db: HeroDb): Promise<NamedSecret[]> {
  const records = await db.secrets.toArray();
  return records.map(({ name, value }) => ({ name, value }));
}

export function requireSecretName(name: unknown): asserts name is string {
  requireId(name, "secret name");
  if (name.length > SECRET_LIMITS.nameChars || !NAME.test(name)) {
    throw new HeroError(
      "invalid_input",
      `secret name ${quoteId(name)} must be capital letters, digits and underscores, not starting ` +
        `with a digit (like EXAMPLE_KEY), at most ${SECRET_LIMITS.nameChars} characters`,
      { name: "capital letters, digits and underscores, like EXAMPLE_KEY" },
    );
  }
}

function requireSecretValue(value: unknown): asserts value is string {
  if (typeof value !== "string") {
    throw new HeroError("invalid_input", `a secret's value must be text, not ${kindOf(value)}`, {
      value: "must be text",
    });
  }
  if (value.length === 0 || value.length > SECRET_LIMITS.valueChars) {
    const message = `a secret's value must be 1 to ${SECRET_LIMITS.valueChars} characters, not ${value.length}`;
    throw new HeroError("invalid_input", message, { value: message });
  }
}
