import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/errors";
import type { PolicyDocument } from "../../lib/iam/policy-document";

/**
 * Reads an IAM policy document given as JSON (how every Pulumi language passes policies). A known string is
 * checked now, before anything is registered; one that is only known later is checked when it resolves.
 */
export function policyFromJson(key: string, json: pulumi.Input<string>): pulumi.Input<PolicyDocument> {
  if (typeof json === "string") return parsePolicyDocument(key, json);
  return pulumi.output(json).apply((text) => parsePolicyDocument(key, text));
}

/** Parses and checks the shape of an IAM policy document (version and a non-empty statement list). */
export function parsePolicyDocument(key: string, json: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ValidationError(key, json, "expected an IAM policy document as JSON");
  }
  const doc = parsed as Partial<PolicyDocument> | null;
  if (
    typeof doc !== "object" ||
    doc === null ||
    doc.Version !== "2012-10-17" ||
    !Array.isArray(doc.Statement) ||
    doc.Statement.length === 0
  ) {
    throw new ValidationError(
      key,
      json,
      'expected an IAM policy document: {"Version": "2012-10-17", "Statement": [...]} with at least one statement',
    );
  }
  return doc as PolicyDocument;
}
