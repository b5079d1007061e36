/** The shapes of the fakes' state files ($FAKE_STATE_DIR/<name>.json) and of their recording. */

/** One call of a fake, as it appended it to the recording. */
export interface FakeCall {
  tool: "pulumi" | "docker" | "aws" | "pants" | "gh" | "npm" | "npx";
  argv: string[];
  cwd: string;
  time: string;
  /** The `PULUMI_ACCESS_TOKEN` the call ran with, if it had one. */
  pulumiToken?: string;
}

export interface PulumiConfigValue {
  value: string;
  secret: boolean;
}

/** A stack in the fake backend. */
export interface PulumiStack {
  name: string;
  /** When it was created (`stack init`, `stack select --create`). */
  createdAt: string;
  /** Its place in creation order, from 1. */
  order: number;
  tags: Record<string, string>;
  /** `<namespace>:<key>` → value. */
  config: Record<string, PulumiConfigValue>;
  outputs: Record<string, unknown>;
  /** The end of the last update, refresh or destroy; absent before the first. */
  lastUpdate?: string;
  resourceCount?: number;
  /** Oldest first; `pulumi stack history --json` prints newest first. */
  history: {
    version: number;
    kind: string;
    startTime: string;
    endTime: string;
    result: "succeeded" | "failed";
    config: Record<string, PulumiConfigValue>;
    targets?: string[];
    policyPacks?: string[];
  }[];
  /** An update holds the stack (running, or killed and never released). */
  lock?: { id: string; startedAt: string; kind: string; pid?: number; by?: string };
  /** What `stack export` lists under `pending_operations` (after a killed update). */
  pendingOperations: {
    resource: { urn: string; type: string };
    type: "creating" | "updating" | "deleting";
  }[];
}

/** A failure the next matching command meets (once). */
export interface PulumiFailure {
  command: "up" | "preview" | "destroy" | "refresh";
  stack?: string;
  /** Its stderr. @default "error: update failed" */
  stderr?: string;
  exitCode?: number;
  /** The job is killed mid-update: the lock stays and `pendingOperations` are left. */
  killed?: boolean;
  pendingOperations?: PulumiStack["pendingOperations"];
}

export interface PulumiState {
  org: string;
  project: string;
  /** Which backend's lock error a locked stack answers. */
  backend: "cloud" | "diy";
  current?: string;
  /** Stacks created so far (the next gets `order` = created + 1). */
  created?: number;
  stacks: PulumiStack[];
  failures: PulumiFailure[];
  /**
   * The outputs an `up` sets; `{stack}` and `{config:<key>}` are filled in (in nested values too), and a
   * value `"{json:<key>}"` is that config value parsed as JSON (`"{json:pantstack:images}"`).
   */
  outputs?: Record<string, unknown>;
  /** One stack's outputs template, by stack name, instead of `outputs` (filled in the same way). */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Resources an `up` leaves. @default 12 */
  resourceCount?: number;
  /** How long each command takes, in ms (holding the lock meanwhile). */
  delayMs?: Partial<Record<"up" | "destroy" | "refresh" | "preview", number>>;
  /** Scripted interleavings of jobs that run at once (see {@link PulumiGate}). */
  gates?: PulumiGate[];
  /** Every call that ended, in order, while gates are set (what their `after` lists wait for). */
  completed?: { line: string; env: Record<string, string | undefined> }[];
}

/** Which calls a gate acts on, or waits for: a command line and some of the caller's environment. */
export interface PulumiCallPattern {
  /** A regular expression on the arguments joined by spaces (`^stack ls`, `stack init preview-pr-10`). */
  command: string;
  /** Values the caller's environment must hold (`{ STACK: "preview-pr-10" }`, `{ GITHUB_JOB: "sweep" }`). */
  env?: Record<string, string>;
}

/**
 * A point where a `pulumi` call waits for other jobs, so a scenario fixes the order of calls that GitHub
 * would run at once: a matching call first runs `before` (another job's commands, through the fake), then
 * waits until every `after` call has ended.
 */
export interface PulumiGate extends PulumiCallPattern {
  /** Only calls that arrive once such a call has ended match (and count for `nth`). @default any time */
  following?: PulumiCallPattern;
  /** Only the n-th matching call (from 1) stops here. @default every matching call */
  nth?: number;
  /** Calls that must have ended before the matching call goes on. @default none */
  after?: PulumiCallPattern[];
  /** `pulumi` commands run first, each with the caller's environment plus its own `env`. @default none */
  before?: { argv: string[]; env?: Record<string, string> }[];
  /** How long to wait for `after` before the call fails. @default 30000 */
  timeoutMs?: number;
  /** How many matching calls arrived so far (kept by the fake). */
  seen?: number;
}

export interface EcrImage {
  /** The manifest's digest (ECR's `imageDigest`). */
  digest: string;
  manifest: string;
  tags: string[];
  pushedAt: number;
}

export interface EcrState {
  account: string;
  region: string;
  repositories: Record<string, { immutable: boolean; images: EcrImage[] }>;
}

export interface PantsState {
  goals: Record<string, { exitCode?: number; stdout?: string; stderr?: string }>;
  /** Local image ref → image ID that `pants package` leaves in Docker. */
  images: Record<string, string>;
  /**
   * A `docker_image` address → the local image ref it builds: `pants package <address>...` then builds only
   * those. @default - every image, whatever the addresses
   */
  targets?: Record<string, string>;
  /**
   * A path prefix → the addresses `list --changed-since=REF` prints when a file under it changed since REF
   * (in the checkout, `git diff --name-only REF...HEAD`); used when `goals.list` is not scripted.
   */
  owners?: Record<string, string[]>;
}
