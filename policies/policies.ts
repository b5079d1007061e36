import type { Policies } from "@pulumi/policy";
import { baselinePolicies } from "./baseline";
import { previewPolicies } from "./preview";

/** Every policy of the `pantstack` pack: constructing the pack is left to index.ts (it starts a server). */
export const pantstackPolicies: Policies = [...previewPolicies, ...baselinePolicies];

/** The pack's name in Pulumi Cloud and in `pulumi preview --policy-pack`. */
export const PACK_NAME = "pantstack";
