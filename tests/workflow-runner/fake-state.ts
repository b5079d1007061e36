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
  /** Resources an `up` leaves. @default 12 */
  resourceCount?: number;
  /** How long each command takes, in ms (holding the lock meanwhile). */
  delayMs?: Partial<Record<"up" | "destroy" | "refresh" | "preview", number>>;
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
}
