import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { version } from "../package.json";
import { AlarmTopic } from "./components/alarm-topic";
import { EcrRepository } from "./components/ecr-repository";
import { EcsApiService } from "./components/ecs-api-service";
import { EcsBackendService } from "./components/ecs-backend-service";
import { EcsWorkerService } from "./components/ecs-worker-service";
import { GithubOidcRole } from "./components/github-oidc-role";
import { HttpsLoadBalancer } from "./components/https-load-balancer";
import { Network } from "./components/network";
import { PreviewEnvironment } from "./components/preview-environment";
import { ScheduledTask } from "./components/scheduled-task";
import { ServiceNamespace } from "./components/service-namespace";

// The plugin's entry: serves the facade components over Pulumi's provider protocol. The schema is inferred
// from the facade's TypeScript source (this folder's tsconfig.json), so this folder ships as source.
const options = {
  name: "pantstack",
  dirname: __dirname,
  components: [
    EcrRepository,
    EcsApiService,
    EcsBackendService,
    EcsWorkerService,
    ScheduledTask,
    ServiceNamespace,
    AlarmTopic,
    GithubOidcRole,
    PreviewEnvironment,
    Network,
    HttpsLoadBalancer,
  ],
  // The package is released with the library (semantic-release bumps the root package.json), not on its own.
  version,
};
componentProviderHost(options);
