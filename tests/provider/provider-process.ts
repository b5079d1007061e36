import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { deserializeProperties, serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export const PROVIDER_DIR = join(__dirname, "../../provider");

/** What a construct is run with (the fields of `ConstructRequest` the tests vary). */
export interface ConstructOptions {
  monitorAddress: string;
  stack: string;
  config: Record<string, string>;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * The component package as the Pulumi CLI runs it: the Node.js language host starts
 * `node @pulumi/pulumi/cmd/run-plugin <plugin dir> <engine address>` (which compiles `index.ts` with ts-node,
 * type-checked); the plugin prints its gRPC port on the first line and is driven with the provider client
 * from `@pulumi/pulumi/proto`.
 */
export class ProviderProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerGrpc.ResourceProviderClient,
    readonly stderr: () => string,
  ) {}

  /** Starts the plugin in `dir` with the `@pulumi/pulumi` that folder resolves, as the language host does. */
  static async start(engineAddress: string, dir = PROVIDER_DIR): Promise<ProviderProcess> {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [dir] });
    const child = spawn(process.execPath, [runPlugin, dir, engineAddress], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(out.split("\n")[0].trim());
      });
      child.on("exit", (code) => reject(new Error(`the provider exited with ${code}: ${stderr}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new ProviderProcess(child, client, () => stderr);
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }

  private call<Req, Res>(
    method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
    req: Req,
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, req, (err, res) => (err ? reject(err) : resolve(res)));
    });
  }

  /** `GetSchema`: the package schema, parsed. */
  async schema(): Promise<PackageSchema> {
    const res = await this.call<providerProto.GetSchemaRequest, providerProto.GetSchemaResponse>(
      this.client.getSchema,
      new providerProto.GetSchemaRequest().setVersion(0),
    );
    return JSON.parse(res.getSchema()) as PackageSchema;
  }

  /** `Construct`: the component's URN and its output state, deserialized. */
  async construct(options: ConstructOptions): Promise<{ urn: string; state: Record<string, unknown> }> {
    const req = new providerProto.ConstructRequest()
      .setProject("pantstack")
      .setStack(options.stack)
      .setOrganization("organization")
      .setParallel(4)
      .setDryrun(false)
      .setMonitorendpoint(options.monitorAddress)
      .setType(options.type)
      .setName(options.name)
      .setInputs(Struct.fromJavaScript((await serializeProperties("inputs", options.inputs)) as never));
    for (const [key, value] of Object.entries(options.config)) req.getConfigMap().set(key, value);
    const res = await this.call<providerProto.ConstructRequest, providerProto.ConstructResponse>(
      this.client.construct,
      req,
    );
    const state = res.getState();
    return {
      urn: res.getUrn(),
      state: state ? (deserializeProperties(state) as Record<string, unknown>) : {},
    };
  }
}

/** The parts of a Pulumi package schema the tests read. */
export interface PackageSchema {
  name: string;
  version: string;
  resources: Record<string, ResourceSpec>;
  types: Record<
    string,
    { type: string; properties?: Record<string, PropertySpec>; enum?: { value: unknown }[] }
  >;
}
export interface ResourceSpec {
  isComponent: boolean;
  description?: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}
export interface PropertySpec {
  type?: string;
  $ref?: string;
  description?: string;
  plain?: boolean;
  items?: PropertySpec;
}
