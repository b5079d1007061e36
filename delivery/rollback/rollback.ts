// Rolling an environment back to an earlier image: check the tag, find the targets, set the config, update.
import type { ConfigValue, OutputMap, UpOptions, UpResult } from "@pulumi/pulumi/automation";
import { type RollbackRequest, rollbackCommands, shellLine, upCommand } from "./commands";
import type { EcrDescribeImages } from "./ecr";
import { FREEZE_TAG, freezeFor, parseFreeze } from "./freeze";
import { planImagesRollback, recordedImages, serviceTargets } from "./images-mode";
import { buildTargets, type RollbackTargets, targetsFromOutputs } from "./targets";

/** The part of an Automation API `Stack` a rollback uses (`Stack.select(...)` satisfies it). */
export interface RollbackStack {
  outputs(): Promise<OutputMap>;
  setConfig(key: string, value: ConfigValue): Promise<void>;
  up(options?: UpOptions): Promise<UpResult>;
  setTag(key: string, value: string): Promise<void>;
  listTags(): Promise<Record<string, string>>;
}

/** The ECR lookup: `DescribeImages` through an `ECRClient`; tests pass a recorded fake. */
export type ImageExists = (imageTag: string) => Promise<boolean>;

/** How the rollback runs and what it may touch. */
export interface RollbackDependencies {
  /** The Pulumi project's name (Pulumi.yaml), for URNs built without the stack's outputs. */
  project: string;
  /** Opens the stack through the Automation API; called only with `execute`. */
  openStack?: () => Promise<RollbackStack>;
  /** Checks the image is in the release repository; undefined: not checked. */
  imageExists?: ImageExists;
  /** Progress and the CLI's output, for stderr. */
  log: (text: string) => void;
  /** Who runs the rollback, recorded in the freeze. @default "unknown" */
  actor?: string;
  /** The clock, for the freeze's time. @default - the system clock */
  now?: () => Date;
  /**
   * For a stack that deploys by digest (its `images` output): the catalog's service names, ECR to find each
   * one's digest of the version, and the one service to move (`--service`), if only one.
   * @default - the stack is rolled back by `pantstack:imageTag`
   */
  images?: {
    names: readonly string[];
    ecr: () => EcrDescribeImages | Promise<EcrDescribeImages>;
    only?: string;
  };
}

/** What happened. */
export interface RollbackOutcome {
  /** The commands, as pasteable shell lines. */
  lines: string[];
  /** Where the URNs came from. */
  targetsFrom: "stack outputs" | "built from the code";
  /** Whether the commands were run. */
  executed: boolean;
  /** Set when the rollback was refused (exit 1), e.g. the image is not in the repository. */
  refusal?: string;
  /** The freeze tag's value, when the rollback ran and froze the stack (see freeze.ts). */
  freeze?: string;
}

/**
 * Plans, and with `execute` runs, a rollback. Without `execute` nothing outside is touched: the URNs are built
 * the way the engine builds them. With `execute` they come from the stack's outputs (`taskDefinitionUrn`,
 * `serviceUrn`) when it exports them, the image is checked first when a checker is given, then the stack is
 * frozen (the {@link FREEZE_TAG} tag), and `pulumi config set` and `pulumi up` run through the Automation API.
 * The freeze comes before the update: a rollback that fails half-way still means the branch's head is not
 * to be deployed automatically.
 */
export async function rollback(
  request: RollbackRequest,
  execute: boolean,
  deps: RollbackDependencies,
): Promise<RollbackOutcome> {
  if (deps.imageExists && !(await deps.imageExists(request.imageTag))) {
    return {
      lines: [],
      targetsFrom: "built from the code",
      executed: false,
      refusal: `image tag ${request.imageTag} is not in the release repository; push it first or pick a tag that exists`,
    };
  }
  let targets: RollbackTargets = buildTargets(deps.project, request.stack);
  let targetsFrom: RollbackOutcome["targetsFrom"] = "built from the code";
  const stack = execute && deps.openStack ? await deps.openStack() : undefined;
  let outputs: OutputMap = {};
  if (stack) {
    outputs = await stack.outputs();
    const fromOutputs = targetsFromOutputs(outputs);
    if (fromOutputs) {
      targets = fromOutputs;
      targetsFrom = "stack outputs";
    }
  }
  const current = recordedImages(outputs);
  if (stack && deps.images && (Object.keys(current).length > 0 || deps.images.only !== undefined)) {
    return imagesRollback(request, stack, outputs, deps);
  }
  const commands = rollbackCommands(request, targets);
  const lines = commands.map(shellLine);
  if (!stack) return { lines, targetsFrom, executed: false };
  const freeze = await setFreeze(request, stack, outputs, deps);
  deps.log(`$ ${lines[0]}\n`);
  await stack.setConfig("pantstack:imageTag", { value: request.imageTag });
  deps.log(`$ ${lines[1]}\n`);
  await stack.up({
    refresh: true,
    ...(request.policyPack ? { policyPacks: [request.policyPack] } : {}),
    ...(request.full ? {} : { target: [targets.taskDefinitionUrn, targets.serviceUrn] }),
    onOutput: deps.log,
  });
  return { lines, targetsFrom, executed: true, freeze };
}

/** Freezes the stack's auto-deploy (the tag the deploys check) before anything moves; returns its value. */
async function setFreeze(
  request: RollbackRequest,
  stack: RollbackStack,
  outputs: OutputMap,
  deps: RollbackDependencies,
): Promise<string> {
  // rollback.yml freezes the stack from the default branch's code before this release's tool runs; that
  // freeze, for this same version, is the one to keep: its time is when the rollback began, which decides
  // which releases may lift it, and its author is who asked for it.
  const existing = (await stack.listTags())[FREEZE_TAG];
  if (existing !== undefined && sameVersion(existing, request.imageTag)) {
    deps.log(
      `${request.stack} is already frozen for ${request.imageTag} (${existing}); keeping that freeze\n`,
    );
    return existing;
  }
  const freeze = freezeFor(
    request.imageTag,
    outputs,
    deps.actor ?? "unknown",
    (deps.now ?? (() => new Date()))(),
  );
  deps.log(`$ pulumi stack tag set ${FREEZE_TAG} '${freeze}' --stack ${request.stack}\n`);
  await stack.setTag(FREEZE_TAG, freeze);
  return freeze;
}

/** Whether a freeze tag's value is a freeze for `version`; a value this tool cannot read is not (it is replaced). */
function sameVersion(value: string, version: string): boolean {
  try {
    return parseFreeze(value).version === version;
  } catch {
    return false;
  }
}

/**
 * The digest rollback: `pantstack:images` gets every service, the moved ones at their digest of the
 * version and the others at the image they run, and `pulumi up --refresh` targets the moved services'
 * task definitions and services (`--full`: everything).
 */
async function imagesRollback(
  request: RollbackRequest,
  stack: RollbackStack,
  outputs: OutputMap,
  deps: RollbackDependencies,
): Promise<RollbackOutcome> {
  const images = deps.images as NonNullable<RollbackDependencies["images"]>;
  const plan = await planImagesRollback(
    await images.ecr(),
    recordedImages(outputs),
    serviceTargets(outputs),
    images.names,
    request.imageTag,
    images.only,
  );
  if ("refusal" in plan)
    return { lines: [], targetsFrom: "stack outputs", executed: false, refusal: plan.refusal };
  const value = JSON.stringify(plan.images);
  const up = upCommand(request, plan.targets);
  const lines = [["config", "set", "pantstack:images", value, "--stack", request.stack], up].map(shellLine);
  const freeze = await setFreeze(request, stack, outputs, deps);
  deps.log(`moving ${plan.moved.join(", ")} to ${request.imageTag}; the others keep what they run\n`);
  deps.log(`$ ${lines[0]}\n`);
  await stack.setConfig("pantstack:images", { value });
  deps.log(`$ ${lines[1]}\n`);
  await stack.up({
    refresh: true,
    ...(request.policyPack ? { policyPacks: [request.policyPack] } : {}),
    ...(request.full ? {} : { target: plan.targets }),
    onOutput: deps.log,
  });
  return { lines, targetsFrom: "stack outputs", executed: true, freeze };
}
