// The policy pack's entry: `pulumi preview --policy-pack policies` and `pulumi policy publish policies`
// run this file. Constructing the pack starts the analyzer's gRPC server, so nothing else may import it.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, pantstackPolicies } from "./policies";

new PolicyPack(PACK_NAME, {
  policies: pantstackPolicies,
  description: "Pantstack: reduced preview stacks and a security baseline for every stack",
});
