import { ValidationError } from "../../lib/errors";

/**
 * A preview runs on the `test` platform (its load balancer, subnets, cluster), which exists in one region:
 * a preview deployed elsewhere would reference resources the provider cannot reach there.
 */
export function checkPreviewRegion(previewRegion: string | undefined, testRegion: unknown): void {
  if (typeof testRegion !== "string" || testRegion === "") {
    throw new ValidationError(
      "pantstack:testStack",
      testRegion,
      "expected a test stack that exports its region (output `region`)",
    );
  }
  if (previewRegion !== testRegion) {
    throw new ValidationError(
      "aws:region",
      previewRegion,
      `a preview runs on the test stack's platform, so it must be in test's region ${testRegion}`,
    );
  }
}
