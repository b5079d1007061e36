import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type AlarmSpec, alarmName } from "./alarm-specs";

/** Arguments of `AlarmSet`. */
export interface AlarmSetArgs {
  /** What the alarms watch and when they fire (`webAlarmSpecs`, `workerAlarmSpecs`, `jobAlarmSpecs`). */
  alarms: AlarmSpec[];
  /** The SNS topic told when an alarm fires and when it clears (an `AlarmTopic`'s `topicArn`). */
  topicArn: pulumi.Input<string>;
  /**
   * The first part of every alarm name: deploy roles may change only alarms whose names start with their
   * environment's prefix.
   * @default - `pantstack-<stack>`
   */
  namePrefix?: string;
  /**
   * Tags of every alarm.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * CloudWatch metric alarms of one service or job, named `<namePrefix>-<name>-<key>`, each telling the
 * topic when it fires and when it clears. Fixed names: an ECS deployment names its rollback alarms, and IAM
 * scopes alarm writes by name.
 */
export class AlarmSet extends pulumi.ComponentResource {
  /** The alarms' names, in the order of `alarms`. */
  declare readonly alarmNames: string[];
  /** The alarms, in the order of their specs. */
  declare readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: AlarmSetArgs, opts?: pulumi.ComponentResourceOptions) {
    const prefix = args.namePrefix ?? `pantstack-${pulumi.getStack()}`;
    const names = args.alarms.map((a) => alarmName(`AlarmSet(${name}).namePrefix`, prefix, name, a.key));
    super("pantstack:monitoring:AlarmSet", name, {}, opts);
    this.alarmNames = names;
    this.alarms = args.alarms.map(
      (spec, i) =>
        new aws.cloudwatch.MetricAlarm(
          `${name}-${spec.key}`,
          {
            name: names[i],
            alarmDescription: spec.description,
            comparisonOperator: spec.comparisonOperator,
            threshold: spec.threshold,
            evaluationPeriods: spec.evaluationPeriods,
            datapointsToAlarm: spec.datapointsToAlarm,
            treatMissingData: spec.treatMissingData,
            metricQueries: spec.metricQueries.map((q) => ({
              id: q.id,
              label: q.label,
              expression: q.expression,
              returnData: q.returnData,
              metric: q.metric && {
                namespace: q.metric.namespace,
                metricName: q.metric.metricName,
                dimensions: q.metric.dimensions,
                stat: q.metric.stat,
                period: q.metric.period,
              },
            })),
            actionsEnabled: true,
            alarmActions: [args.topicArn],
            okActions: [args.topicArn],
            tags: args.tags,
          },
          { parent: this },
        ),
    );
    this.registerOutputs({ alarmNames: this.alarmNames });
  }
}
