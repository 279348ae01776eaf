/**
 * Tests only: check a JSON value against OTLP/JSON as the OpenTelemetry protocol defines it,
 * reading the message definitions from the `.proto` files of opentelemetry-proto (shipped in an
 * npm package) with protobufjs. Strict where OTLP is: lowerCamelCase field names only, enums as
 * integers, trace and span ids as lowercase hex of 32 and 16 digits; 64-bit integers as decimal
 * strings or safe integers, as the protobuf JSON mapping reads them.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import protobuf from "protobufjs";

const HEX_IDS: Record<string, number> = { traceId: 32, spanId: 16, parentSpanId: 16 };
const LONGS = new Set(["int64", "uint64", "fixed64", "sint64", "sfixed64"]);
const UNSIGNED = new Set(["uint64", "fixed64", "uint32", "fixed32"]);
const INTS = new Set(["int32", "uint32", "sint32", "fixed32", "sfixed32"]);

/** The opentelemetry-proto definitions, loaded once. */
let root: protobuf.Root | undefined;

export function otlpRoot(): protobuf.Root {
  if (root) return root;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("@opentelemetry/otlp-grpc-exporter-base/package.json");
  const protos = join(dirname(pkg), "build", "protos");
  const loaded = new protobuf.Root();
  loaded.resolvePath = (_origin, target) => join(protos, target);
  loaded.loadSync("opentelemetry/proto/trace/v1/trace.proto");
  loaded.resolveAll();
  root = loaded;
  return loaded;
}

export function tracesDataType(): protobuf.Type {
  return otlpRoot().lookupType("opentelemetry.proto.trace.v1.TracesData");
}

/** Every way `value` departs from OTLP/JSON `TracesData` (empty: it conforms). */
export function otlpProblems(value: unknown): string[] {
  const problems: string[] = [];
  checkMessage(value, tracesDataType(), "$", problems);
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function checkMessage(value: unknown, type: protobuf.Type, path: string, out: string[]) {
  if (!isObject(value)) {
    out.push(`${path}: a ${type.name} must be an object`);
    return;
  }
  // protobufjs names fields in lowerCamelCase, which is the JSON name OTLP requires.
  const fields = new Map(type.fieldsArray.map((f) => [f.name, f]));
  for (const [key, item] of Object.entries(value)) {
    const field = fields.get(key);
    if (!field) {
      out.push(`${path}.${key}: ${type.name} has no field with this JSON name`);
      continue;
    }
    if (field.repeated) {
      if (!Array.isArray(item)) out.push(`${path}.${key}: a repeated field must be a list`);
      else
        for (const [i, one] of item.entries()) checkField(one, field, `${path}.${key}[${i}]`, out);
    } else checkField(item, field, `${path}.${key}`, out);
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => value[f.name] !== undefined);
    if (set.length > 1) out.push(`${path}: more than one of ${oneof.name} is set`);
  }
}

function checkField(value: unknown, field: protobuf.Field, path: string, out: string[]) {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) return checkMessage(value, resolved, path, out);
  if (resolved instanceof protobuf.Enum) {
    const known = Object.values(resolved.values);
    if (typeof value !== "number" || !known.includes(value)) {
      out.push(`${path}: enum ${resolved.name} must be one of the integers ${known.join(", ")}`);
    }
    return;
  }
  const problem = scalarProblem(value, field);
  if (problem) out.push(`${path}: ${problem}`);
}

function scalarProblem(value: unknown, field: protobuf.Field): string | null {
  const type = field.type;
  if (type === "bytes") {
    const digits = HEX_IDS[field.name];
    if (digits !== undefined) {
      const empty = field.name === "parentSpanId" && value === "";
      const hex = typeof value === "string" && new RegExp(`^[0-9a-f]{${digits}}$`).test(value);
      if (empty || (hex && !/^0+$/.test(value as string))) return null;
      return `must be ${digits} lowercase hex digits, not all zero`;
    }
    return typeof value === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value)
      ? null
      : "bytes must be base64";
  }
  if (LONGS.has(type)) {
    const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== "string" || !/^-?\d+$/.test(text)) {
      return `${type} must be a decimal integer string (or a safe integer)`;
    }
    const n = BigInt(text);
    if (UNSIGNED.has(type) ? n < 0n || n >= 2n ** 64n : n < -(2n ** 63n) || n >= 2n ** 63n) {
      return `${type} out of range`;
    }
    return null;
  }
  if (INTS.has(type)) {
    const ok = typeof value === "number" && Number.isInteger(value);
    return ok && (!UNSIGNED.has(type) || (value as number) >= 0)
      ? null
      : `${type} must be an integer`;
  }
  if (type === "double" || type === "float") {
    return typeof value === "number" || ["NaN", "Infinity", "-Infinity"].includes(value as string)
      ? null
      : `${type} must be a number`;
  }
  if (type === "bool") return typeof value === "boolean" ? null : "bool must be true or false";
  if (type === "string") return typeof value === "string" ? null : "string must be text";
  return `unexpected field type ${type}`;
}

/**
 * Encode OTLP/JSON `TracesData` to the protobuf binary form and decode it back to OTLP/JSON:
 * what the definitions carry of it, with proto3 defaults (0, "", false, empty lists) dropped.
 */
export function roundTrip(value: unknown): unknown {
  const type = tracesDataType();
  const message = type.fromObject(mapIds(value, hexToBase64) as Record<string, unknown>);
  const decoded = type.decode(type.encode(message).finish());
  const object = type.toObject(decoded, { longs: String, enums: Number, bytes: String });
  return withoutDefaults(mapIds(object, base64ToHex));
}

/** The same value with proto3 defaults dropped, to compare with a round trip. */
export function withoutDefaults(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(withoutDefaults);
  if (!isObject(value)) {
    return value === 0 || value === "0" || value === "" || value === false ? undefined : value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = withoutDefaults(item);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function mapIds(value: unknown, convert: (text: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapIds(item, convert));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key in HEX_IDS && typeof item === "string" ? convert(item) : mapIds(item, convert);
  }
  return out;
}

const hexToBase64 = (hex: string) => Buffer.from(hex, "hex").toString("base64");
const base64ToHex = (b64: string) => Buffer.from(b64, "base64").toString("hex");
