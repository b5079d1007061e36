import { createHash } from "node:crypto";

// How the Pulumi runtime marks a secret value on the wire (and in recorded inputs).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** How a secret is shown to people: never its value. */
export const MASK = "[secret]";

const MARKER = /^\[secret(?: sha256:[0-9a-f]{12})?\]$/;

/**
 * Replaces every secret in `value` with `[secret sha256:<12 hex>]`: a diff can tell that a secret changed
 * without the value being printed. The offline plan holds no real secret material (encrypted config is
 * never decrypted and is planned as `[secret]`), so the fingerprint only ever covers fake or typed values.
 */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    const entries = value as Record<string, unknown>;
    if (entries[SIG_KEY] === SECRET_SIG) {
      const digest = createHash("sha256").update(JSON.stringify(entries.value)).digest("hex");
      return `[secret sha256:${digest.slice(0, 12)}]`;
    }
    return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, maskSecrets(v)]));
  }
  return value;
}

/** True when `value` holds a secret anywhere (masked or still wrapped). */
export function containsSecret(value: unknown): boolean {
  if (typeof value === "string") return MARKER.test(value);
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value && typeof value === "object") {
    const entries = value as Record<string, unknown>;
    return entries[SIG_KEY] === SECRET_SIG || Object.values(entries).some(containsSecret);
  }
  return false;
}
