/** An IAM policy document, typed enough to catch misspelled keys at compile time. */
export interface PolicyDocument {
  /** The policy language version; always the current one. */
  Version: "2012-10-17";
  /** The statements, evaluated together. */
  Statement: PolicyStatement[];
}

/** One statement of a {@link PolicyDocument}. */
export interface PolicyStatement {
  /** A statement ID, unique in the document. */
  Sid?: string;
  /** Whether the statement allows or denies. */
  Effect: "Allow" | "Deny";
  /** Who the statement applies to (resource and trust policies only). */
  Principal?: "*" | Record<string, string | string[]>;
  /** The actions; exactly one of `Action` and `NotAction`. */
  Action?: string | string[];
  /** Every action but these (used in denies that must leave a few reads alone). */
  NotAction?: string | string[];
  /** The resources; exactly one of `Resource` and `NotResource` (none in a trust policy). */
  Resource?: string | string[];
  /** Every resource but these. */
  NotResource?: string | string[];
  /** Operator → condition key → values; all must hold. */
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** Wraps statements into a document. */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}
