import type { Policies } from "@pulumi/policy";
import { previewAutoscalingMax } from "./preview-autoscaling-max";
import { previewDesiredCount } from "./preview-desired-count";
import { previewLogRetention } from "./preview-log-retention";
import { previewNoSharedInfrastructure } from "./preview-no-shared-infrastructure";
import { previewScheduledCapacity } from "./preview-scheduled-capacity";
import { previewTaskCpu } from "./preview-task-cpu";
import { previewTaskMemory } from "./preview-task-memory";

/** Mandatory limits that keep a preview cheap and unable to touch shared infrastructure. */
export const previewPolicies: Policies = [
  previewTaskCpu,
  previewTaskMemory,
  previewDesiredCount,
  previewAutoscalingMax,
  previewScheduledCapacity,
  previewNoSharedInfrastructure,
  previewLogRetention,
];
