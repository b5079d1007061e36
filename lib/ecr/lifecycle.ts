import { ValidationError } from "../errors";

/**
 * One ECR lifecycle rule, in our terms. Exactly one of `keepLast` and `expireAfterDays` is set.
 */
export interface LifecycleRule {
  /** Evaluation order: lower runs first. Unique, a positive integer. */
  priority: number;
  /** Shown in the ECR console. */
  description?: string;
  /** Which images the rule selects. An `any` rule must be the one evaluated last. */
  tagStatus: "tagged" | "untagged" | "any";
  /** Tag patterns (`*` wildcards, at most 4 each) for `tagged` rules. */
  tagPatterns?: string[];
  /** Tag prefixes for `tagged` rules (instead of patterns). */
  tagPrefixes?: string[];
  /** Keep this many of the newest matching images and expire the rest. */
  keepLast?: number;
  /** Expire matching images this many days after they were pushed. */
  expireAfterDays?: number;
}

/** Retention knobs for {@link defaultLifecycleRules}. */
export interface RetentionSettings {
  /** Release tags (`v*`) kept. */
  keepReleaseImages: number;
  /** Prerelease tags (`*-dev.*`) kept. */
  keepPrereleaseImages: number;
  /** Days a pull-request image (`pr-*`) lives. */
  pullRequestImageDays: number;
  /** Days an untagged image lives. */
  untaggedImageDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  keepReleaseImages: 30,
  keepPrereleaseImages: 10,
  pullRequestImageDays: 14,
  untaggedImageDays: 7,
};

/**
 * The rules Pantstack's tag scheme needs. Prereleases (`v1.3.0-dev.2`) also match `v*`, so they are
 * claimed by a rule evaluated before the release rule: ECR lets the first matching rule decide.
 */
export function defaultLifecycleRules(retention: RetentionSettings = DEFAULT_RETENTION): LifecycleRule[] {
  return [
    {
      priority: 1,
      description: `Expire pull-request images after ${retention.pullRequestImageDays} days`,
      tagStatus: "tagged",
      tagPatterns: ["pr-*"],
      expireAfterDays: retention.pullRequestImageDays,
    },
    {
      priority: 2,
      description: `Keep the last ${retention.keepPrereleaseImages} prerelease images`,
      tagStatus: "tagged",
      tagPatterns: ["*-dev.*"],
      keepLast: retention.keepPrereleaseImages,
    },
    {
      priority: 3,
      description: `Keep the last ${retention.keepReleaseImages} release images`,
      tagStatus: "tagged",
      tagPatterns: ["v*"],
      keepLast: retention.keepReleaseImages,
    },
    {
      priority: 4,
      description: `Expire untagged images after ${retention.untaggedImageDays} days`,
      tagStatus: "untagged",
      expireAfterDays: retention.untaggedImageDays,
    },
  ];
}

/** Retention of the pull-request repository: PR images for two weeks, untagged layers for a day. */
export const PREVIEW_RETENTION = {
  /** Days a pull-request image lives after its push. */
  pullRequestImageDays: 14,
  /** Days an untagged image lives. */
  untaggedImageDays: 1,
} as const;

/**
 * The rules of a repository that holds only pull-request images (`pr-<N>-<sha>`): each expires
 * `pullRequestImageDays` after its push, untagged images after `untaggedImageDays`. Release tags never land
 * there (the preview role can push nowhere else, the release repository accepts no PR push).
 */
export function previewLifecycleRules(
  retention: { pullRequestImageDays: number; untaggedImageDays: number } = PREVIEW_RETENTION,
): LifecycleRule[] {
  return [
    {
      priority: 1,
      description: `Expire pull-request images after ${retention.pullRequestImageDays} days`,
      tagStatus: "tagged",
      tagPatterns: ["pr-*"],
      expireAfterDays: retention.pullRequestImageDays,
    },
    {
      priority: 2,
      description: `Expire untagged images after ${retention.untaggedImageDays} days`,
      tagStatus: "untagged",
      expireAfterDays: retention.untaggedImageDays,
    },
  ];
}

/** ECR's wire format for a lifecycle rule. */
interface EcrRule {
  rulePriority: number;
  description?: string;
  selection: {
    tagStatus: string;
    tagPatternList?: string[];
    tagPrefixList?: string[];
    countType: "imageCountMoreThan" | "sinceImagePushed";
    countUnit?: "days";
    countNumber: number;
  };
  action: { type: "expire" };
}

/**
 * Checks rules against ECR's constraints (so a mistake fails in `preview`, not halfway through `up`)
 * and renders the lifecycle policy JSON.
 *
 * @param key the argument name to put in errors
 */
export function lifecyclePolicyJson(key: string, rules: LifecycleRule[]): string {
  validateLifecycleRules(key, rules);
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);
  return JSON.stringify({ rules: ordered.map(toEcrRule) });
}

function toEcrRule(rule: LifecycleRule): EcrRule {
  const byAge = rule.expireAfterDays !== undefined;
  return {
    rulePriority: rule.priority,
    ...(rule.description ? { description: rule.description } : {}),
    selection: {
      tagStatus: rule.tagStatus,
      ...(rule.tagPatterns ? { tagPatternList: rule.tagPatterns } : {}),
      ...(rule.tagPrefixes ? { tagPrefixList: rule.tagPrefixes } : {}),
      countType: byAge ? "sinceImagePushed" : "imageCountMoreThan",
      ...(byAge ? { countUnit: "days" as const } : {}),
      countNumber: (byAge ? rule.expireAfterDays : rule.keepLast) as number,
    },
    action: { type: "expire" },
  };
}

/** Throws a {@link ValidationError} for the first rule that ECR would refuse. */
export function validateLifecycleRules(key: string, rules: LifecycleRule[]): void {
  if (rules.length === 0) throw new ValidationError(key, rules, "give at least one lifecycle rule");
  const seen = new Set<number>();
  const maxPriority = Math.max(...rules.map((r) => r.priority));
  const anyRules = rules.filter((r) => r.tagStatus === "any");
  if (anyRules.length > 1) {
    throw new ValidationError(key, anyRules.length, "at most one rule may have tagStatus 'any'");
  }
  rules.forEach((rule, i) => {
    const at = `${key}[${i}]`;
    if (!Number.isInteger(rule.priority) || rule.priority < 1) {
      throw new ValidationError(`${at}.priority`, rule.priority, "expected a positive integer");
    }
    if (seen.has(rule.priority)) {
      throw new ValidationError(`${at}.priority`, rule.priority, "each rule needs a unique priority");
    }
    seen.add(rule.priority);
    if (rule.tagStatus === "any" && rule.priority !== maxPriority) {
      throw new ValidationError(
        `${at}.priority`,
        rule.priority,
        `the 'any' rule must be evaluated last (highest priority number, here ${maxPriority} or more)`,
      );
    }
    validateSelection(at, rule);
    validateCount(at, rule);
  });
}

function validateSelection(at: string, rule: LifecycleRule): void {
  const hasPatterns = rule.tagPatterns !== undefined;
  const hasPrefixes = rule.tagPrefixes !== undefined;
  if (rule.tagStatus !== "tagged") {
    if (hasPatterns || hasPrefixes) {
      throw new ValidationError(
        `${at}.tagStatus`,
        rule.tagStatus,
        "tag patterns and prefixes are only allowed on 'tagged' rules",
      );
    }
    return;
  }
  if (hasPatterns === hasPrefixes) {
    throw new ValidationError(
      `${at}.tagPatterns`,
      rule.tagPatterns,
      "a 'tagged' rule needs exactly one of tagPatterns and tagPrefixes",
    );
  }
  const list = (rule.tagPatterns ?? rule.tagPrefixes) as string[];
  const field = hasPatterns ? "tagPatterns" : "tagPrefixes";
  if (list.length === 0) throw new ValidationError(`${at}.${field}`, list, "give at least one entry");
  for (const entry of list) {
    if (!/^[A-Za-z0-9_.*-]{1,128}$/.test(entry)) {
      throw new ValidationError(
        `${at}.${field}`,
        entry,
        "entries are 1 to 128 characters of letters, digits, '_', '.', '-' (and '*' in patterns)",
      );
    }
    const wildcards = entry.split("*").length - 1;
    if (!hasPatterns && wildcards > 0) {
      throw new ValidationError(`${at}.tagPrefixes`, entry, "prefixes cannot contain '*'; use tagPatterns");
    }
    if (wildcards > 4) throw new ValidationError(`${at}.tagPatterns`, entry, "at most 4 '*' per pattern");
  }
}

function validateCount(at: string, rule: LifecycleRule): void {
  const byCount = rule.keepLast !== undefined;
  const byAge = rule.expireAfterDays !== undefined;
  if (byCount === byAge) {
    throw new ValidationError(
      `${at}.keepLast`,
      rule.keepLast,
      "set exactly one of keepLast and expireAfterDays",
    );
  }
  const field = byCount ? "keepLast" : "expireAfterDays";
  const value = (byCount ? rule.keepLast : rule.expireAfterDays) as number;
  if (!Number.isInteger(value) || value < 1) {
    throw new ValidationError(`${at}.${field}`, value, "expected a positive integer");
  }
}
