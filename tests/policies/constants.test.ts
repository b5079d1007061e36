import assert from "node:assert/strict";
import { GITHUB_OIDC_HOST } from "../../lib/github/trust-policy";
import { MODERN_TLS_POLICIES } from "../../lib/network/tls-policies";
import { TAG_KEYS } from "../../lib/tags";
import * as pack from "../../policies/support/constants";
import { TASK_FAMILY_PREFIXES } from "../../stacks/shared/scope";

// The pack is published alone and keeps its own copy of these values: they must not drift from the library's.
describe("policy pack constants", () => {
  it("match the library's tag keys, TLS allow-list and GitHub issuer", () => {
    assert.deepEqual(pack.TAG_KEYS, TAG_KEYS);
    assert.deepEqual(pack.MODERN_TLS_POLICIES, [...MODERN_TLS_POLICIES]);
    assert.equal(pack.GITHUB_OIDC_HOST, GITHUB_OIDC_HOST);
    assert.equal(pack.PREVIEW_FAMILY_PREFIX, TASK_FAMILY_PREFIXES.preview);
  });
});
