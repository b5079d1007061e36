import type { PolicyStatement } from "../../lib/iam/policy-document";
import {
  BOUNDARY_PATH,
  type BoundedEnvironment,
  CI_ROLE_PATH,
  type CiScope,
  ENVIRONMENT_TAG,
  ROLE_PATHS,
  releaseRepositories,
  rolesUnder,
} from "./scope";

/** Reads of the release repository: what a deploy checks before it points a service at an image. */
export const RELEASE_IMAGE_READS = ["ecr:DescribeImages", "ecr:DescribeRepositories"];

/** Deploy roles may check that a release image exists (the tag deny leaves these reads alone). */
export const READ_RELEASE_IMAGES = (scope: CiScope): PolicyStatement => ({
  Sid: "ReadReleaseImages",
  Effect: "Allow",
  Action: RELEASE_IMAGE_READS,
  Resource: releaseRepositories(scope),
});

/** `iam:PassRole` of the task roles of `environments`, to ECS tasks only. */
export function passTaskRoles(scope: CiScope, environments: BoundedEnvironment[]): PolicyStatement {
  return {
    Sid: "PassTaskRoles",
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource: environments.map((env) => rolesUnder(scope, ROLE_PATHS[env])),
    Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
  };
}

/**
 * No CI role may touch the CI roles (itself included), their managed policies or the boundaries, nor take a
 * boundary off a role:
 * what limits a role must never be in the hands of what it limits.
 */
export function neverChangeCiOrBoundaries(scope: CiScope): PolicyStatement[] {
  return [
    {
      Sid: "NeverCiRolesOrBoundaries",
      Effect: "Deny",
      Action: "iam:*",
      Resource: [
        rolesUnder(scope, CI_ROLE_PATH),
        `arn:aws:iam::${scope.account}:policy${CI_ROLE_PATH}*`,
        `arn:aws:iam::${scope.account}:policy${BOUNDARY_PATH}*`,
      ],
    },
    {
      Sid: "NeverRemoveBoundaries",
      Effect: "Deny",
      Action: "iam:DeleteRolePermissionsBoundary",
      Resource: "*",
    },
  ];
}

/**
 * Denies on every resource tagged as one of `environments`, and on every request that would tag something
 * as one of them, for the calls that stay on "*" (where AWS has no resource-level permission or names are
 * not known in advance). `except` lists the calls a role makes on such resources on purpose (the release
 * repository's reads: it is `shared`'s).
 */
export function denyOtherEnvironments(
  environments: string[],
  except: string[] = RELEASE_IMAGE_READS,
): PolicyStatement[] {
  return [
    {
      Sid: "NeverOtherEnvironments",
      Effect: "Deny",
      NotAction: except,
      Resource: "*",
      Condition: { StringEquals: { [`aws:ResourceTag/${ENVIRONMENT_TAG}`]: environments } },
    },
    {
      Sid: "NeverTagAsOtherEnvironments",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { [`aws:RequestTag/${ENVIRONMENT_TAG}`]: environments } },
    },
  ];
}
