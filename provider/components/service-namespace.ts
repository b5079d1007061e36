import * as pulumi from "@pulumi/pulumi";
import {
  ServiceNamespace as LibServiceNamespace,
  namespaceNameFor,
} from "../../lib/network/service-namespace";

/** Arguments of the `pantstack:index:ServiceNamespace` component. */
export interface ServiceNamespaceArgs {
  /**
   * The namespace's name. Service Connect clients do not see it (they call `http://<service>:<port>`), but it
   * must be unique in the account and region.
   * @default - `pantstack-<stack>`
   */
  namespaceName?: string;
  /**
   * Tags of the namespace (on top of the provider's and the stack's).
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * An environment's one Cloud Map HTTP namespace, where its services register for ECS Service Connect (no
 * Route 53 zone, no hourly charge). Give its `arn` to `EcsBackendService` and to the Service Connect clients.
 * Wraps the TypeScript `ServiceNamespace`.
 */
export class ServiceNamespace extends pulumi.ComponentResource {
  /** The namespace's ARN. */
  declare readonly arn: pulumi.Output<string>;
  /** The namespace's ID, `ns-…`. */
  declare readonly namespaceId: pulumi.Output<string>;
  /** The namespace's name. */
  declare readonly namespaceName: pulumi.Output<string>;

  constructor(name: string, args: ServiceNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    // The TypeScript component's own check, run here so that bad input registers nothing, not even the facade.
    namespaceNameFor(name, pulumi.getStack(), args ?? {});
    const libArgs = { ...args };
    super("pantstack:index:ServiceNamespace", name, {}, opts);
    const namespace = new LibServiceNamespace(name, libArgs, { parent: this });
    this.arn = namespace.arn;
    this.namespaceId = namespace.namespaceId;
    this.namespaceName = namespace.namespaceName;
    this.registerOutputs({ arn: this.arn, namespaceId: this.namespaceId, namespaceName: this.namespaceName });
  }
}
