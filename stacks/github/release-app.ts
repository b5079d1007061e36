// The release GitHub App: the one actor a tag ruleset lets create, move or delete `v*` tags.
//
// Why an App: a ruleset's bypass list takes GitHub Apps, teams, roles, users and deploy keys, but not the
// GitHub Actions integration behind GITHUB_TOKEN (GitHub answers 422 "Actor GitHub Actions integration must be
// part of the ruleset source or owner organization"). A ruleset with no bypass would refuse the release's own
// tag. So the release jobs mint the App's installation token (actions/create-github-app-token) and tag with it;
// its private key is a secret of the environments `release-main` and `release-dev` only, whose branch
// policies admit `main` and `dev`: a pull request's job never gets it. Without an App, `v*` tags stay
// unprotected, and the rollback's check that its tag is on main's history (run from the default branch) is
// what stops a contributor's tag.
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/errors";
import { fullKey } from "../config";
import { RELEASE_APP_CLIENT_ID_VARIABLE, RELEASE_APP_KEY_SECRET } from "./variables";

/** The release App, when configured. */
export interface ReleaseApp {
  /** Its numeric App ID: the ruleset's bypass actor. */
  id: number;
  /** Its client ID: what the workflows mint the token with. */
  clientId: string;
  /** Its private key (PEM), a secret. */
  privateKey: pulumi.Output<string>;
}

/** The environments whose jobs tag releases (their branch policies are in ENVIRONMENTS). */
export const RELEASE_ENVIRONMENTS = ["release-main", "release-dev"] as const;

const KEYS = ["releaseAppId", "releaseAppClientId", "releaseAppPrivateKey"] as const;

/**
 * The App from `pantstack:releaseAppId`, `releaseAppClientId` and the secret `releaseAppPrivateKey`: all
 * three or none, else one line naming the first one missing. Set the key with `pulumi config set --secret`.
 */
export function releaseApp(config: {
  releaseAppId?: number;
  releaseAppClientId?: string;
  releaseAppPrivateKey?: string;
}): ReleaseApp | undefined {
  const given = KEYS.filter((k) => config[k] !== undefined);
  if (given.length === 0) return undefined;
  const missing = KEYS.find((k) => config[k] === undefined);
  if (missing !== undefined) {
    throw new ValidationError(
      fullKey(missing),
      undefined,
      `required with ${given.map(fullKey).join(" and ")}: the release App needs its ID, its client ID and its private key` +
        (missing === "releaseAppPrivateKey"
          ? ` (pulumi config set --secret ${fullKey(missing)} < key.pem)`
          : ""),
    );
  }
  const privateKey = config.releaseAppPrivateKey as string;
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
    throw new ValidationError(
      fullKey("releaseAppPrivateKey"),
      "[secret]",
      "expected the App's PEM private key, as GitHub downloads it (-----BEGIN RSA PRIVATE KEY-----)",
    );
  }
  return {
    id: config.releaseAppId as number,
    clientId: config.releaseAppClientId as string,
    privateKey: pulumi.secret(privateKey),
  };
}

/** The App's client ID as a repository variable, and its key as a secret of each release environment. */
export function createReleaseAppSettings(
  repository: string,
  app: ReleaseApp,
  environments: Record<(typeof RELEASE_ENVIRONMENTS)[number], pulumi.Input<string>>,
  opts: pulumi.CustomResourceOptions,
): string {
  new github.ActionsVariable(
    RELEASE_APP_CLIENT_ID_VARIABLE,
    { repository, variableName: RELEASE_APP_CLIENT_ID_VARIABLE, value: app.clientId },
    opts,
  );
  for (const name of RELEASE_ENVIRONMENTS) {
    new github.ActionsEnvironmentSecret(
      `${name}-${RELEASE_APP_KEY_SECRET}`,
      {
        repository,
        environment: environments[name],
        secretName: RELEASE_APP_KEY_SECRET,
        value: app.privateKey,
      },
      opts,
    );
  }
  return RELEASE_APP_CLIENT_ID_VARIABLE;
}

/** What the github stack warns of without a release App: anyone who can push may create a `v*` tag. */
export function releaseTagWarnings(app: ReleaseApp | undefined, manageBranchRules: boolean): string[] {
  if (app !== undefined && manageBranchRules) return [];
  return [
    "v* tags are not protected (no release App: pantstack:releaseAppId, releaseAppClientId, releaseAppPrivateKey" +
      (app !== undefined ? "; or pantstack:manageBranchRules is false" : "") +
      "): anyone who can push may create one; rollback.yml still refuses a tag that is not on main's history",
  ];
}
