import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../errors";

/** Arguments of `ServiceNamespace`. */
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

/** A subset of what CreateHttpNamespace accepts (1 to 1024 printable characters) that reads as a name. */
const NAMESPACE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,1022}[A-Za-z0-9])?$/;

/** The namespace's name with its default applied, checked; `name` is the component's. */
export function namespaceNameFor(name: string, stack: string, args: ServiceNamespaceArgs): string {
  const namespaceName = args.namespaceName ?? `pantstack-${stack}`;
  if (!NAMESPACE_NAME.test(namespaceName)) {
    throw new ValidationError(
      `ServiceNamespace(${name}).namespaceName`,
      namespaceName,
      "expected 1 to 1024 letters, digits, '-' or '_', starting and ending with a letter or digit",
    );
  }
  return namespaceName;
}

/**
 * An environment's one Cloud Map HTTP namespace, where its services register for ECS Service Connect.
 * An HTTP namespace has no Route 53 zone and no hourly charge; Service Connect resolves names inside each
 * task's proxy. Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html
 */
export class ServiceNamespace extends pulumi.ComponentResource {
  /** The Cloud Map HTTP namespace. */
  declare readonly namespace: aws.servicediscovery.HttpNamespace;
  /** The namespace's ARN: what `EcsBackendService` and the Service Connect clients take. */
  declare readonly arn: pulumi.Output<string>;
  /** The namespace's ID, `ns-…`. */
  declare readonly namespaceId: pulumi.Output<string>;
  /** The namespace's name. */
  declare readonly namespaceName: pulumi.Output<string>;

  constructor(name: string, args: ServiceNamespaceArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const namespaceName = namespaceNameFor(name, pulumi.getStack(), args);
    super("pantstack:network:ServiceNamespace", name, {}, opts);
    const namespace = new aws.servicediscovery.HttpNamespace(
      `${name}-namespace`,
      {
        name: namespaceName,
        description: `Service Connect names of ${pulumi.getStack()}`,
        tags: args.tags,
      },
      { parent: this },
    );
    this.namespace = namespace;
    this.arn = namespace.arn;
    this.namespaceId = namespace.id;
    this.namespaceName = namespace.name;
    this.registerOutputs({ arn: this.arn, namespaceId: this.namespaceId, namespaceName: this.namespaceName });
  }
}
