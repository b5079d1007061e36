import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties, serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

/** The resource options a policy or a reviewer cares about, as the engine received them. */
export interface RecordedOptions {
  /** Whether Pulumi refuses to delete the resource. */
  protect: boolean;
  /** Whether deleting it in Pulumi leaves it in the cloud. */
  retainOnDelete: boolean;
  /** Whether a replacement deletes the old resource first. */
  deleteBeforeReplace: boolean;
  /** Input properties whose changes Pulumi ignores. */
  ignoreChanges: string[];
  /** The URNs the resource depends on. */
  dependencies: string[];
  /** Input property → the URNs it depends on (how policies relate a rule to its security group). */
  propertyDependencies: Record<string, string[]>;
  /** The explicit provider reference, when one was given. */
  provider?: string;
  /**
   * The URNs this resource had before (its `aliases` option), so an engine adopts those resources.
   * @default []
   */
  aliases?: string[];
}

/** One registration, as a real engine would store it. */
export interface RecordedResource {
  /** The resource's URN. */
  urn: string;
  /** The resource type token, e.g. `aws:ecs/service:Service`. */
  type: string;
  /** The logical name the program gave. */
  name: string;
  /** The parent's URN; undefined for top-level resources (whose parent is the root stack). */
  parent?: string;
  /** True for AWS resources, false for components. */
  custom: boolean;
  /** The ID the fake cloud answered; undefined for components. */
  id?: string;
  /** The inputs as the program registered them. */
  inputs: Record<string, unknown>;
  /** The state: the inputs plus what the cloud computes. */
  outputs: Record<string, unknown>;
  /** The resource options that matter to plans and policies. */
  options: RecordedOptions;
}

/** Answers a custom resource's registration or read: the ID and the full state (inputs plus computed outputs). */
export type Responder = (args: {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  id?: string;
}) => { id?: string; state: Record<string, unknown> };

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

// gRPC request objects of the resource monitor; only the getters used here are typed.
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): structproto.Struct;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getProvider(): string;
  getImportid(): string;
  getAliasesList(): AliasMessage[];
}

// An alias as the SDK sends it when the monitor supports alias specs: a URN, or the parts that changed.
interface AliasMessage {
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): structproto.Struct;
  getId(): string;
  getProvider(): string;
  getDependenciesList(): string[];
}
type Callback = (err: unknown, response?: unknown) => void;

/**
 * A resource monitor that records every registration with its parent and options, builds URNs the way the
 * real engine does (the whole parent type chain, without the root stack), and keeps every failure, so a
 * registration that fails is reported even when nothing awaits the resource.
 */
export class RecordingMonitor extends MockMonitor {
  readonly records: RecordedResource[] = [];
  readonly failures: Error[] = [];
  private readonly typeChains = new Map<string, string>();
  private readonly urns = new Set<string>();

  constructor(
    private readonly respond: Responder,
    private readonly stack: string,
    private readonly project: string,
    call: (token: string, inputs: Record<string, unknown>) => Record<string, unknown>,
  ) {
    super({
      call: (args) => call(args.token, args.inputs),
      newResource: () => {
        throw new Error("RecordingMonitor answers registrations itself");
      },
    });
  }

  /** Registers this monitor with the Pulumi runtime in place of a real engine. */
  install(preview = false, organization = "organization"): void {
    settings.setMockOptions(this, this.project, this.stack, preview, organization);
  }

  private urnFor(parent: string, type: string, name: string): string {
    const parentChain = parent ? this.typeChains.get(parent) : undefined;
    const chain = parentChain && parentChain !== ROOT_STACK_TYPE ? `${parentChain}$${type}` : type;
    const urn = `urn:pulumi:${this.stack}::${this.project}::${chain}::${name}`;
    this.typeChains.set(urn, chain);
    return urn;
  }

  /** Each alias as the URN the resource had: a given URN, or this one with the spec's parts replaced. */
  private aliasUrns(req: RegisterRequest, type: string, name: string): string[] {
    return (req.getAliasesList?.() ?? []).map((alias) => {
      if (alias.getUrn()) return alias.getUrn();
      const spec = alias.getSpec();
      const parent = spec?.getNoparent() ? "" : spec?.getParenturn() || req.getParent();
      const urn = this.urnFor(parent, spec?.getType() || type, spec?.getName() || name);
      return urn
        .replace(`urn:pulumi:${this.stack}::`, `urn:pulumi:${spec?.getStack() || this.stack}::`)
        .replace(`::${this.project}::`, `::${spec?.getProject() || this.project}::`);
    });
  }

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    const type = req.getType();
    const name = req.getName();
    try {
      const urn = this.urnFor(req.getParent(), type, name);
      if (this.urns.has(urn)) {
        throw new Error(`duplicate resource URN ${urn}: two resources share the name "${name}"`);
      }
      this.urns.add(urn);
      const inputs = deserializeProperties(req.getObject()) as Record<string, unknown>;
      const custom = req.getCustom();
      // Components (the root stack among them) have no cloud state: only custom resources are answered.
      const answer = custom ? this.respond({ type, name, urn, inputs }) : { state: {} };
      const state = await serializeProperties("", answer.state);
      this.resources.set(urn, { urn, id: answer.id ?? null, state });
      this.records.push({
        urn,
        type,
        name,
        parent: this.topLevelParent(req.getParent()),
        custom,
        id: answer.id,
        inputs,
        outputs: custom ? answer.state : {},
        options: {
          aliases: this.aliasUrns(req, type, name),
          protect: req.getProtect(),
          retainOnDelete: req.getRetainondelete(),
          deleteBeforeReplace: req.getDeletebeforereplace(),
          ignoreChanges: req.getIgnorechangesList(),
          dependencies: req.getDependenciesList(),
          propertyDependencies: propertyDependencies(req),
          provider: req.getProvider() || undefined,
        },
      });
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(answer.id ?? "");
      response.setObject(structproto.Struct.fromJavaScript(state));
      callback(null, response);
    } catch (err) {
      const error = new Error(`failed to register ${type} "${name}": ${(err as Error).message}`);
      this.failures.push(error);
      callback(error);
    }
  }

  override async invoke(req: { getTok(): string }, callback: Callback): Promise<void> {
    await super.invoke(req, (err, response) => {
      if (err) this.failures.push(new Error(`data source ${req.getTok()} failed: ${(err as Error).message}`));
      callback(err, response);
    });
  }

  override async readResource(req: ReadRequest, callback: Callback): Promise<void> {
    const type = req.getType();
    const name = req.getName();
    try {
      const urn = this.urnFor(req.getParent(), type, name);
      const inputs = deserializeProperties(req.getProperties()) as Record<string, unknown>;
      const answer = this.respond({ type, name, urn, inputs, id: req.getId() });
      const state = await serializeProperties("", answer.state);
      this.resources.set(urn, { urn, id: answer.id ?? req.getId(), state });
      this.records.push({
        urn,
        type,
        name,
        parent: this.topLevelParent(req.getParent()),
        custom: true,
        id: answer.id ?? req.getId(),
        inputs,
        outputs: answer.state,
        options: {
          aliases: [],
          protect: false,
          retainOnDelete: false,
          deleteBeforeReplace: false,
          ignoreChanges: [],
          dependencies: req.getDependenciesList(),
          propertyDependencies: {},
        },
      });
      const response = new resproto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(structproto.Struct.fromJavaScript(state));
      callback(null, response);
    } catch (err) {
      const error = new Error(`failed to read ${type} "${name}": ${(err as Error).message}`);
      this.failures.push(error);
      callback(error);
    }
  }

  /**
   * Like the CLI of this SDK, except for output values and transforms: the `transforms` resource option needs the
   * engine to call back into the program, which no mock monitor does (under mocks it is ignored, checked with
   * 3.276), so components offer a `transform` argument applied before the child is created.
   */
  override supportsFeature(req: { getId(): string }, callback: Callback): void {
    const supported = !["transforms", "outputValues", "invokeTransforms"].includes(req.getId());
    callback(null, { getHassupport: () => supported });
  }

  private topLevelParent(parent: string): string | undefined {
    return parent && this.typeChains.get(parent) !== ROOT_STACK_TYPE ? parent : undefined;
  }
}

function propertyDependencies(req: RegisterRequest): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    result[key] = value.getUrnsList();
  });
  return result;
}
