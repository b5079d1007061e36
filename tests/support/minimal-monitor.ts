import * as grpc from "@grpc/grpc-js";
import * as resourceGrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resource from "@pulumi/pulumi/proto/resource_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** A registration the monitor received, in plain terms. */
export interface Registration {
  type: string;
  name: string;
}

/**
 * The least of a Pulumi resource monitor that lets the nodejs language host (`@pulumi/pulumi/cmd/run`)
 * start a program: features are reported unsupported and every registration is answered with its URN and
 * its own inputs. Listens on 127.0.0.1 only. Unimplemented calls answer UNIMPLEMENTED.
 */
export class MinimalMonitor {
  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
    readonly registrations: readonly Registration[],
  ) {}

  static async start(project: string, stack: string): Promise<MinimalMonitor> {
    const server = new grpc.Server();
    const registrations: Registration[] = [];
    server.addService(resourceGrpc.ResourceMonitorService, {
      supportsFeature: (
        _call: grpc.ServerUnaryCall<resource.SupportsFeatureRequest, resource.SupportsFeatureResponse>,
        callback: grpc.sendUnaryData<resource.SupportsFeatureResponse>,
      ) => callback(null, new resource.SupportsFeatureResponse().setHassupport(false)),
      registerResource: (
        call: grpc.ServerUnaryCall<resource.RegisterResourceRequest, resource.RegisterResourceResponse>,
        callback: grpc.sendUnaryData<resource.RegisterResourceResponse>,
      ) => {
        const req = call.request;
        registrations.push({ type: req.getType(), name: req.getName() });
        const urn = `urn:pulumi:${stack}::${project}::${req.getType()}::${req.getName()}`;
        const response = new resource.RegisterResourceResponse()
          .setUrn(urn)
          .setObject(req.getObject() ?? new Struct());
        if (req.getCustom()) response.setId(`${req.getName()}-id`);
        callback(null, response);
      },
      registerResourceOutputs: (
        _call: grpc.ServerUnaryCall<resource.RegisterResourceOutputsRequest, Empty>,
        callback: grpc.sendUnaryData<Empty>,
      ) => callback(null, new Empty()),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
    return new MinimalMonitor(server, `127.0.0.1:${port}`, registrations);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
