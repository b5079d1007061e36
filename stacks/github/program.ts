import * as github from "@pulumi/github";
import type * as pulumi from "@pulumi/pulumi";
import type { ProdOutputs } from "../prod/program";
import { qualifiedStackName, readStack } from "../references";
import type { SharedOutputs } from "../shared/program";
import type { TestOutputs } from "../test/program";
import { createBranchRules, createReleaseTagRules } from "./branch-rules";
import { readGithubConfig } from "./config";
import { createEnvironments, productionWarnings } from "./environments";
import { createIssueLabels, createReleaseLabels } from "./labels";
import { createReleaseAppSettings, releaseTagWarnings } from "./release-app";
import { tokenWarnings } from "./tokens";
import {
  type BUILD_VARIABLES,
  PULUMI_TOKEN_SECRET,
  type PULUMI_VARIABLES,
  STACK_VARIABLES,
  type StackVariable,
  type VariableSource,
} from "./variables";

/** Each stack's outputs, as its program declares them. */
interface OutputsOf {
  shared: SharedOutputs;
  test: TestOutputs;
  prod: ProdOutputs;
}

/** The variables, checked at compile time: a variable naming an output its stack lacks becomes `never`. */
type Checked<T extends Record<string, VariableSource>> = {
  [K in keyof T]: T[K]["output"] extends keyof OutputsOf[T[K]["stack"]] ? T[K] : never;
};
const CHECKED_VARIABLES: Checked<typeof STACK_VARIABLES> = STACK_VARIABLES;

/** The outputs of the `github` stack. */
export interface GithubOutputs {
  repository: string;
  variables: string[];
  environments: string[];
  rulesets: string[];
  labels: string[];
  /** One line per thing to fix, e.g. `production` without reviewers (the plan shows them too). */
  warnings: string[];
}

/**
 * The GitHub side of the pipeline, as code: repository variables from the other stacks' outputs, the
 * environments whose branch rules the deploy roles rely on, branch rules on `main` and `dev`, the
 * `release:*` labels and the Pulumi token secret. The provider's token comes from `GITHUB_TOKEN`.
 */
export function githubProgram(): GithubOutputs {
  const config = readGithubConfig();
  const provider = new github.Provider("github", { owner: config.owner });
  const opts: pulumi.CustomResourceOptions = { provider };
  const repository = config.name;

  const shared = readStack<SharedOutputs>(
    "shared",
    qualifiedStackName("pantstack:sharedStack", config.sharedStack),
  );
  // test and prod exist only after this stack's first up (bring-up order: shared, github, test, prod).
  const environments = config.readEnvironments
    ? {
        test: readStack<TestOutputs>("test", qualifiedStackName("pantstack:testStack", config.testStack)),
        prod: readStack<ProdOutputs>("prod", qualifiedStackName("pantstack:prodStack", config.prodStack)),
      }
    : undefined;
  type Outputs = Readonly<Record<string, pulumi.Output<unknown>>>;
  const sources: Record<string, Outputs | undefined> = {
    shared: shared as unknown as Outputs,
    test: environments?.test as unknown as Outputs | undefined,
    prod: environments?.prod as unknown as Outputs | undefined,
  };

  const variables: string[] = [];
  const variable = (name: string, value: pulumi.Input<string>) => {
    new github.ActionsVariable(name, { repository, variableName: name, value }, opts);
    variables.push(name);
  };
  for (const name of Object.keys(CHECKED_VARIABLES) as StackVariable[]) {
    const source = CHECKED_VARIABLES[name];
    const outputs = sources[source.stack];
    if (outputs) variable(name, outputs[source.output].apply(String));
  }
  if (config.buildCommand !== undefined) {
    variable("BUILD_COMMAND" satisfies keyof typeof BUILD_VARIABLES, config.buildCommand);
  }
  variable("BUILT_IMAGE" satisfies keyof typeof BUILD_VARIABLES, config.builtImage);

  // The preview token, for the pull-request jobs (outside any environment). None with OIDC alone.
  if (config.pulumiAccessToken) {
    new github.ActionsSecret(
      PULUMI_TOKEN_SECRET,
      { repository, secretName: PULUMI_TOKEN_SECRET, value: config.pulumiAccessToken },
      opts,
    );
  }
  if (config.pulumiOidcOrganization !== undefined) {
    variable(
      "PULUMI_OIDC_ORGANIZATION" satisfies keyof typeof PULUMI_VARIABLES,
      config.pulumiOidcOrganization,
    );
  }

  const { names: environmentNames, environments: created } = createEnvironments(config, opts);
  if (config.releaseApp !== undefined) {
    variables.push(
      createReleaseAppSettings(
        repository,
        config.releaseApp,
        {
          "release-main": created["release-main"].environment,
          "release-dev": created["release-dev"].environment,
        },
        opts,
      ),
    );
  }
  const rulesets = config.manageBranchRules
    ? [...createBranchRules(config, opts), ...createReleaseTagRules(config, opts)]
    : [];
  const labels = [...createReleaseLabels(repository, opts), ...createIssueLabels(repository, opts)];

  return {
    repository: config.githubRepository,
    variables,
    environments: environmentNames,
    rulesets,
    labels,
    warnings: [
      ...productionWarnings(config),
      ...tokenWarnings(config),
      ...releaseTagWarnings(config.releaseApp, config.manageBranchRules),
    ],
  };
}
