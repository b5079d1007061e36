import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export const POLICY_DIR = join(__dirname, "../../policies");

/** Enforcement levels as the analyzer protocol numbers them. */
export const LEVEL = analyzer.EnforcementLevel;

/** A resource as the CLI sends it to an analyzer. */
export interface AnalyzedResource {
  type: string;
  urn: string;
  name: string;
  properties: Record<string, unknown>;
  propertyDependencies?: Record<string, string[]>;
}

/** A diagnostic in plain terms. */
export interface Diagnostic {
  policy: string;
  level: number;
  message: string;
  urn: string;
}

/**
 * The real policy pack as the Pulumi CLI runs it: a child process serving the analyzer gRPC protocol, whose
 * port is the first line it prints.
 */
export class PackProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: analyzerGrpc.AnalyzerClient,
  ) {}

  static async start(): Promise<PackProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "index.ts"], {
      cwd: POLICY_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d) => {
        out += d;
        const line = out.split("\n")[0];
        if (out.includes("\n")) resolve(line.trim());
      });
      child.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new PackProcess(child, client);
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

  info(): Promise<analyzer.AnalyzerInfo> {
    return this.call(this.client.getAnalyzerInfo, new Empty());
  }

  /** Sends a policy config the way `--policy-pack-config` does: a level and properties per policy. */
  async configure(
    config: Record<string, { level?: number; properties?: Record<string, unknown> }>,
  ): Promise<void> {
    const request = new analyzer.ConfigureAnalyzerRequest();
    for (const [name, entry] of Object.entries(config)) {
      const policyConfig = new analyzer.PolicyConfig();
      if (entry.level !== undefined)
        policyConfig.setEnforcementlevel(entry.level as analyzer.EnforcementLevel);
      policyConfig.setProperties(Struct.fromJavaScript((entry.properties ?? {}) as never));
      request.getPolicyconfigMap().set(name, policyConfig);
    }
    await this.call(this.client.configure, request);
  }

  async analyze(resource: AnalyzedResource): Promise<Diagnostic[]> {
    const request = describe(new analyzer.AnalyzeRequest(), resource);
    // The pack leaves a resource finding's URN empty; the CLI attributes it to the resource it sent.
    return diagnostics(await this.call(this.client.analyze, request)).map((d) => ({
      ...d,
      urn: d.urn || resource.urn,
    }));
  }

  async analyzeStack(resources: AnalyzedResource[]): Promise<Diagnostic[]> {
    const request = new analyzer.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((r) => {
        const resource = describe(new analyzer.AnalyzerResource(), r);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
          const deps = new analyzer.AnalyzerPropertyDependencies();
          deps.setUrnsList(urns);
          resource.getPropertydependenciesMap().set(key, deps);
        }
        return resource;
      }),
    );
    return diagnostics(await this.call(this.client.analyzeStack, request));
  }
}

/** The setters a single-resource request and a stack request's resource share. */
type ResourceMessage = analyzer.AnalyzeRequest | analyzer.AnalyzerResource;

/** Fills in what the CLI sends of a resource, including custom timeouts (the server requires them). */
function describe<T extends ResourceMessage>(message: T, resource: AnalyzedResource): T {
  message.setType(resource.type);
  message.setUrn(resource.urn);
  message.setName(resource.name);
  message.setProperties(Struct.fromJavaScript(resource.properties as never));
  const options = new analyzer.AnalyzerResourceOptions();
  options.setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts());
  message.setOptions(options);
  return message;
}

function diagnostics(response: analyzer.AnalyzeResponse): Diagnostic[] {
  return response.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    level: d.getEnforcementlevel(),
    message: d.getMessage(),
    urn: d.getUrn(),
  }));
}
