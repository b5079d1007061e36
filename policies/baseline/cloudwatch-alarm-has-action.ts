import { list, resourcePolicy } from "../support/policy-helpers";

/** An alarm that tells nobody is a graph: each one must notify (or act) when it fires. */
export const cloudwatchAlarmHasAction = resourcePolicy({
  name: "cloudwatch-alarm-has-action",
  description: "CloudWatch metric alarms have at least one alarm action, and actions enabled.",
  enforcementLevel: "mandatory",
  types: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
  defaults: {},
  check: (props, _config, report) => {
    if (list(props.alarmActions as string[] | undefined).length === 0) {
      report("the alarm has no alarmActions: give it a topic (an AlarmTopic's topicArn) to notify");
    }
    if (props.actionsEnabled === false) report("actionsEnabled is false: the alarm's actions never run");
  },
});
