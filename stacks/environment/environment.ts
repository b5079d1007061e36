import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/errors";
import type { AlarmTopic } from "../../lib/monitoring/alarm-topic";
import { standardTags } from "../../lib/tags";
import { applyOverrides, type Catalog } from "../catalog";
import { qualifiedStackName, readOutputNow, readStack, type StackOutputs } from "../references";
import type { SharedOutputs } from "../shared/program";
import { CLUSTER_NAMES } from "../shared/scope";
import { catalogPath, primaryService, readStackCatalog } from "../stack-catalog";
import { tagEveryResource } from "../tagging";
import {
  type EnvironmentConfig,
  type EnvironmentDefaults,
  primaryServiceOverrides,
  type RawEnvironmentConfig,
  readEnvironmentConfig,
} from "./config";
import { type ServiceEnvironment, webHostname } from "./hostnames";
import {
  chooseImages,
  type ImageChoice,
  parseImagesConfig,
  runningImages,
  type ServiceImage,
} from "./images";
import { createPlatform, type Platform, type PlatformOptions } from "./platform";
import { checkPrivateEgress, natGatewaysFor, needsNamespace } from "./private-services";
import { createAlarmTopic, readRollouts } from "./rollouts";
import { checkDeployable, createServices, type DeployedService, type DeployedWebService } from "./services";

/** How `test` and `prod` differ; everything else they build the same way. */
export interface EnvironmentSpec {
  environment: ServiceEnvironment;
  defaults: EnvironmentDefaults;
  /** Platform settings, given the validated config and every web service's host name. */
  platform: (config: EnvironmentConfig, hostnames: string[]) => Omit<PlatformOptions, "clusterName">;
  /** Keep the services' logs when the stack is destroyed. */
  retainLogs: boolean;
  /** With autoscaling: also scale on ALB requests per task per minute. */
  requestsPerTask?: number;
}

/** An environment as built: its config, catalog, the `shared` outputs it read, its platform and services. */
export interface Environment {
  config: EnvironmentConfig;
  catalog: Catalog;
  shared: StackOutputs<SharedOutputs>;
  platform: Platform;
  /** The primary service (the catalog's first web service): `https://<hostLabel>.<domain>`. */
  api: DeployedWebService;
  services: Record<string, DeployedService>;
  /** What each service runs, as recorded in the `images` output. */
  images: Record<string, ServiceImage>;
  /** Where the environment's alarms go. */
  alarmTopic: AlarmTopic;
}

/** What every environment stack outputs about its services. */
export interface EnvironmentServiceOutputs {
  /** Each service's image and version: what the next deploy keeps when it is given none. */
  images: Record<string, ServiceImage>;
  /** Each service's kind, address (web and backend), ECS service name and URNs. */
  services: Record<string, ServiceOutput>;
}

/** One service in the stack outputs. */
export interface ServiceOutput {
  kind: string;
  address?: pulumi.Output<string>;
  serviceName: pulumi.Output<string>;
  serviceUrn: pulumi.Output<string>;
  taskDefinitionUrn: pulumi.Output<string>;
  logGroupName: pulumi.Output<string>;
}

/**
 * Builds an environment: reads and validates its config and catalog (before anything exists), tags every
 * resource, reads `shared` and its own last outputs (the images it runs), and creates the platform and one
 * service per catalog entry.
 */
export async function createEnvironment(spec: EnvironmentSpec): Promise<Environment> {
  const raw = readEnvironmentConfig(spec.defaults);
  const stack = pulumi.getStack();
  const catalog = catalogWithStackKeys(raw);
  checkDeployable(catalog, raw.servicesFile);
  const config: EnvironmentConfig = {
    ...raw,
    natGateways: natGatewaysFor(catalog, raw.natGateways, spec.defaults.natGateways),
  };
  // Before anything exists: a rollout key that contradicts another is refused here, not after the platform.
  const rollouts = readRollouts(config, spec.environment);
  checkPrivateEgress(catalog, config.natGateways, config.servicesFile);
  const given = parseImagesConfig(config.images, catalog, stack);
  tagEveryResource(standardTags({ environment: spec.environment, stack }));
  const shared = readStack<SharedOutputs>(
    "shared",
    qualifiedStackName("pantstack:sharedStack", config.sharedStack),
  );
  const repositoryUrls = await repositoryUrlsOf(shared, catalog);
  const images = chooseImages({
    catalog,
    given,
    tag: config.imageTag,
    running: await runningImagesOf(stack, catalog, repositoryUrls),
    repositoryUrls,
  });

  const hostnames = catalog.services
    .filter((s) => s.kind === "web")
    .map((s) => webHostname(spec.environment, s, config.domain));
  const platform = createPlatform(config, {
    ...spec.platform(config, hostnames),
    clusterName: CLUSTER_NAMES[spec.environment],
    serviceNamespace: needsNamespace(catalog),
  });
  const boundaryArn = spec.environment === "test" ? shared.testBoundaryArn : shared.prodBoundaryArn;
  const alarmTopic = createAlarmTopic(spec.environment, rollouts, {
    boundaryArn,
    deployRoleArn: spec.environment === "test" ? shared.deployTestRoleArn : shared.deployProdRoleArn,
  });
  const services = createServices({
    environment: spec.environment,
    catalog,
    config,
    defaults: spec.defaults,
    platform,
    shared,
    images,
    rollout: { rollouts, topic: alarmTopic },
    retainLogs: spec.retainLogs,
    requestsPerTask: spec.requestsPerTask,
  });
  return {
    config,
    catalog,
    shared,
    platform,
    api: services[primaryService(catalog).name] as DeployedWebService,
    services,
    images: recorded(images),
    alarmTopic,
  };
}

/** The services part of an environment's outputs. */
export function serviceOutputs(env: Environment): EnvironmentServiceOutputs {
  return {
    images: env.images,
    services: Object.fromEntries(
      Object.entries(env.services).map(([name, s]) => [
        name,
        {
          kind: s.kind,
          ...(s.address ? { address: s.address } : {}),
          serviceName: s.serviceName,
          serviceUrn: s.serviceUrn,
          taskDefinitionUrn: s.taskDefinitionUrn,
          logGroupName: s.logGroupName,
        },
      ]),
    ),
  };
}

/** The catalog with the stack's `pantstack:services` overrides and its single-service keys applied. */
function catalogWithStackKeys(config: RawEnvironmentConfig): Catalog {
  const catalog = readStackCatalog(config);
  const sizing = primaryServiceOverrides(config);
  if (Object.keys(sizing).length === 0) return catalog;
  const where = `Pulumi.${pulumi.getStack()}.yaml`;
  return applyOverrides(
    catalog,
    { [primaryService(catalog).name]: sizing },
    `${where} (${catalogPath(config.servicesFile)})`,
  );
}

/**
 * The images this stack runs, from its own last outputs through a reference to itself (the stack exists while
 * it is updated; before its first update it has no outputs). A stack last updated before the catalog recorded
 * only `imageTag`, the primary service's tag.
 */
async function runningImagesOf(
  stack: string,
  catalog: Catalog,
  repositoryUrls: Record<string, string>,
): Promise<Record<string, ServiceImage>> {
  const self = readStack<EnvironmentServiceOutputs & { imageTag: string }>(
    "running",
    qualifiedStackName("stack", stack),
  );
  const running = runningImages(await readOutputNow(self, "images"));
  const primary = primaryService(catalog).name;
  const legacyTag = await readOutputNow(self, "imageTag");
  if (running[primary] === undefined && typeof legacyTag === "string") {
    running[primary] = { image: `${repositoryUrls[primary]}:${legacyTag}`, version: legacyTag };
  }
  return running;
}

/** Each service's release repository URL from `shared`; a `shared` not yet upgraded has only the primary's. */
async function repositoryUrlsOf(
  shared: StackOutputs<SharedOutputs>,
  catalog: Catalog,
): Promise<Record<string, string>> {
  const urls = (await readOutputNow(shared, "repositoryUrls")) as Record<string, string> | undefined;
  const primary = primaryService(catalog).name;
  const out: Record<string, string> = { ...urls };
  if (out[primary] === undefined) {
    const legacy = await readOutputNow(shared, "repositoryUrl");
    if (typeof legacy === "string") out[primary] = legacy;
  }
  for (const { name } of catalog.services) {
    if (out[name] === undefined) {
      throw new ValidationError(
        "pantstack:sharedStack",
        undefined,
        `shared has no release repository for ${name}: update the shared stack with this catalog first`,
      );
    }
  }
  return out;
}

function recorded(images: Record<string, ImageChoice>): Record<string, ServiceImage> {
  return Object.fromEntries(
    Object.entries(images).map(([name, i]) => [name, { image: i.image, version: i.version }]),
  );
}
