import { hexFrom } from "./fake-aws";

/** How GitHub answers a create: IDs in the provider's formats (`repo:name`, numeric IDs, node IDs). */
type Responder = (
  inputs: Record<string, unknown>,
  hex: (n: number) => string,
) => {
  id: string;
  state: Record<string, unknown>;
};

const str = (v: unknown): string => (typeof v === "string" ? v : "");
/** A GitHub numeric ID (databaseId), stable for one URN. */
const numericId = (hex: (n: number) => string): number => Number.parseInt(hex(7), 16);
/** A fixed time: the plan must give the same result on every run. */
const CREATED = "2026-01-01T00:00:00Z";

const RESPONDERS: Record<string, Responder> = {
  "github:index/actionsVariable:ActionsVariable": (inputs) => ({
    id: `${str(inputs.repository)}:${str(inputs.variableName)}`,
    state: { createdAt: CREATED, updatedAt: CREATED },
  }),
  "github:index/actionsSecret:ActionsSecret": (inputs) => ({
    id: `${str(inputs.repository)}:${str(inputs.secretName)}`,
    state: { createdAt: CREATED, updatedAt: CREATED, remoteUpdatedAt: CREATED },
  }),
  "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": (inputs) => ({
    id: `${str(inputs.repository)}:${str(inputs.environment)}:${str(inputs.secretName)}`,
    state: { createdAt: CREATED, updatedAt: CREATED, remoteUpdatedAt: CREATED },
  }),
  "github:index/repositoryEnvironment:RepositoryEnvironment": (inputs) => ({
    id: `${str(inputs.repository)}:${str(inputs.environment)}`,
    state: {},
  }),
  "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": (
    inputs,
    hex,
  ) => {
    const policyId = numericId(hex);
    return { id: `${str(inputs.repository)}:${str(inputs.environment)}:${policyId}`, state: { policyId } };
  },
  "github:index/repositoryRuleset:RepositoryRuleset": (_, hex) => {
    const rulesetId = numericId(hex);
    return {
      id: String(rulesetId),
      state: { rulesetId, nodeId: `RRS_${hex(12)}`, etag: `W/"${hex(32)}"` },
    };
  },
  "github:index/issueLabel:IssueLabel": (inputs) => ({
    id: `${str(inputs.repository)}:${str(inputs.name)}`,
    state: { url: `https://github.com/labels/${encodeURIComponent(str(inputs.name))}`, etag: 'W/"0"' },
  }),
};

/**
 * The outputs GitHub would return for a new `github:*` resource: the inputs plus IDs in the provider's
 * formats. A type without a responder fails: a guessed ID would hide a stack the engine cannot plan.
 */
export function fakeGithubCreate(
  type: string,
  urn: string,
  inputs: Record<string, unknown>,
): { id: string; state: Record<string, unknown> } {
  const responder = RESPONDERS[type];
  if (!responder)
    throw new Error(`the offline engine cannot answer ${type}; add it to engine/fake-github.ts`);
  const { id, state } = responder(inputs, (n) => hexFrom(urn, n));
  return { id, state: { ...inputs, ...state } };
}

/** Answers the GitHub data sources the stacks call: users and teams by name, with stable numeric IDs. */
export function fakeGithubCall(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (token) {
    case "github:index/getUser:getUser": {
      const login = str(inputs.username);
      const id = String(Number.parseInt(hexFrom(`user|${login}`, 7), 16));
      return { id, login, nodeId: `U_${hexFrom(`user-node|${login}`, 12)}`, name: login };
    }
    case "github:index/getTeam:getTeam": {
      const slug = str(inputs.slug);
      const id = String(Number.parseInt(hexFrom(`team|${slug}`, 7), 16));
      return { id, slug, name: slug, nodeId: `T_${hexFrom(`team-node|${slug}`, 12)}`, privacy: "closed" };
    }
    default:
      throw new Error(
        `the offline engine cannot answer the data source ${token}; add it to engine/fake-github.ts`,
      );
  }
}
