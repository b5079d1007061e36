import * as grpc from "@grpc/grpc-js";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as resourceGrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { fakeCall, fakeCreate } from "../../engine/fake-aws";
import { RecordingMonitor } from "../../engine/recording-monitor";

type Handler = (call: { request: never }, callback: (err: unknown, res?: unknown) => void) => void;

/**
 * The project's in-process engine served over gRPC, the way the Pulumi CLI serves its engine and resource
 * monitor to a provider during `Construct`: the resource monitor answers with the fake AWS, and the engine
 * service keeps the provider's log messages. `use()` starts a fresh recording for the next construct.
 */
export class GrpcEngine {
  monitor!: RecordingMonitor;
  readonly logs: string[] = [];

  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    private readonly stack: string,
    private readonly region: string,
  ) {}

  static async start(stack: string, region: string): Promise<GrpcEngine> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const engine = new GrpcEngine(server, `127.0.0.1:${port}`, stack, region);
    engine.use();
    server.addService(resourceGrpc.ResourceMonitorService, engine.monitorHandlers());
    server.addService(engineGrpc.EngineService, engine.engineHandlers());
    return engine;
  }

  /** A new, empty recording monitor for the next construct. */
  use(): RecordingMonitor {
    this.monitor = new RecordingMonitor(
      ({ type, name, urn, inputs }) =>
        type.startsWith("pulumi:providers:")
          ? { id: `${name}-provider`, state: inputs }
          : fakeCreate(type, name, urn, inputs, this.region),
      this.stack,
      "pantstack",
      (token, inputs) => fakeCall(token, inputs, this.region),
    );
    return this.monitor;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }

  private monitorHandlers(): grpc.UntypedServiceImplementation {
    const m = () => this.monitor as unknown as Record<string, (req: unknown, cb: unknown) => unknown>;
    const forward =
      (method: string): Handler =>
      (call, callback) =>
        void m()[method].call(this.monitor, call.request, callback);
    return {
      registerResource: forward("registerResource"),
      readResource: forward("readResource"),
      invoke: forward("invoke"),
      registerPackage: forward("registerPackage"),
      registerResourceOutputs: ((call: { request: unknown }, callback) =>
        m().registerResourceOutputs.call(this.monitor, call.request, (err: unknown) =>
          callback(err, err ? undefined : new Empty()),
        )) as Handler,
      // The mock monitor answers with a plain object; gRPC needs the message.
      supportsFeature: ((call: { request: unknown }, callback) =>
        this.monitor.supportsFeature(call.request as { getId(): string }, (err: unknown, res?: unknown) =>
          callback(
            err,
            new resourceProto.SupportsFeatureResponse().setHassupport(
              (res as { getHassupport(): boolean }).getHassupport(),
            ),
          ),
        )) as Handler,
    } as unknown as grpc.UntypedServiceImplementation;
  }

  private engineHandlers(): grpc.UntypedServiceImplementation {
    return {
      log: ((call: { request: engineProto.LogRequest }, callback: (err: unknown, res?: unknown) => void) => {
        this.logs.push(call.request.getMessage());
        callback(null, new Empty());
      }) as unknown as Handler,
      getRootResource: ((_call: unknown, callback: (err: unknown, res?: unknown) => void) =>
        callback(null, new engineProto.GetRootResourceResponse())) as Handler,
      setRootResource: ((_call: unknown, callback: (err: unknown, res?: unknown) => void) =>
        callback(null, new engineProto.SetRootResourceResponse())) as Handler,
    } as unknown as grpc.UntypedServiceImplementation;
  }
}
