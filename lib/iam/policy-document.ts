/** An IAM policy document, typed enough to catch misspelled keys at compile time. */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** One statement of a {@link PolicyDocument}. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, string | string[]>;
  /** The actions; exactly one of `Action` and `NotAction`. */
  Action?: string | string[];
  /** Every action but these (used in denies that must leave a few reads alone). */
  NotAction?: string | string[];
  Resource?: string | string[];
  /** Every resource but these. */
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** Wraps statements into a document. */
export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}
