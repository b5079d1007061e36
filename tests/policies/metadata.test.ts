import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Policy, ResourceValidationPolicy } from "@pulumi/policy";
import { pantstackPolicies } from "../../policies/policies";

/** The page that documents the pack. */
const POLICIES_PAGE = readFileSync(join(__dirname, "../../docs/policies.md"), "utf8");

/** The policy table of docs/policies.md: name → [checks, level, config] as documented. */
const documented = new Map(
  POLICIES_PAGE.split("\n")
    .filter((line) => /^\| `[a-z0-9-]+` \| .* \| (mandatory|advisory) \|/.test(line))
    .map((line) => {
      const cells = line.split(" | ");
      return [
        /`([a-z0-9-]+)`/.exec(cells[0])?.[1] ?? "",
        { level: cells[2], config: cells[3] ?? "" },
      ] as const;
    }),
);

describe("the policies' metadata (what the CLI and Pulumi Cloud show)", () => {
  it("are the policies the docs' table documents, each at its documented level", () => {
    assert.deepEqual(pantstackPolicies.map((p) => p.name).sort(), [...documented.keys()].sort());
    for (const policy of pantstackPolicies) {
      assert.equal(policy.enforcementLevel, documented.get(policy.name)?.level, policy.name);
    }
  });

  it("describe themselves in a sentence", () => {
    for (const policy of pantstackPolicies) {
      assert.match(policy.description, /^[A-Z].{20,}\.$/, `${policy.name}: ${policy.description}`);
    }
  });

  it("document every config property: a type, a description, and the docs name it", () => {
    for (const policy of pantstackPolicies as (Policy & Partial<ResourceValidationPolicy>)[]) {
      const properties = Object.entries(policy.configSchema?.properties ?? {});
      for (const [name, schema] of properties) {
        const where = `${policy.name}.${name}`;
        assert.ok(["integer", "string", "array", "boolean"].includes(String(schema.type)), where);
        assert.match(String(schema.description), /^[A-Z].{10,}[^.]$/, where);
        if (schema.type === "array") {
          assert.ok(["integer", "string"].includes(String((schema.items as { type?: string }).type)), where);
        }
      }
      const docs = [...(documented.get(policy.name)?.config ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1]);
      assert.deepEqual(
        properties.map(([name]) => name).sort(),
        docs.sort(),
        `${policy.name}: config properties as the docs list them`,
      );
    }
  });
});
