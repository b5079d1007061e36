import { resourcePolicy } from "../support/policy-helpers";

/** Every pushed image is scanned for known vulnerabilities. */
export const ecrScanOnPush = resourcePolicy({
  name: "ecr-scan-on-push",
  description: "ECR repositories scan images on push.",
  enforcementLevel: "mandatory",
  types: ["aws:ecr/repository:Repository"],
  defaults: {},
  check: (props, _config, report) => {
    const scanning = props.imageScanningConfiguration as { scanOnPush?: boolean } | undefined;
    if (scanning?.scanOnPush !== true) report("imageScanningConfiguration.scanOnPush must be true");
  },
});
