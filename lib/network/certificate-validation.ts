/**
 * The distinct DNS names ACM asks to validate for a certificate: `*.example.com` is validated with the
 * same record as `example.com`, so both share one. Known before the certificate exists, so the records can
 * be declared up front instead of inside an `apply`.
 */
export function validationNames(domains: string[]): string[] {
  return [...new Set(domains.map((d) => d.replace(/^\*\./, "")))];
}

/** Hostnames: labels of letters, digits and hyphens; a leading `*.` only for wildcards. */
export const HOSTNAME_PATTERN = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
