import * as assert from 'node:assert/strict';
import { findingsOf, textAt, yaml } from '../support/lint';

const RULE = 'workload-alarms';

describe(RULE, () => {
  it('fails a Lambda function no alarm watches, on its Type value', () => {
    const t = yaml`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Runtime: python3.12
            Handler: index.handler
            Role: arn:aws:iam::111111111111:role/r
            Code: { ZipFile: "def handler(e, c): pass" }
    `;
    const [f, ...rest] = findingsOf(RULE, t);
    assert.equal(rest.length, 0);
    assert.equal(textAt(t, f), 'AWS::Lambda::Function');
    assert.equal(f.line, 3);
    assert.equal(f.column, 11);
    assert.equal(f.message, 'OPE-001: Lambda function has no CloudWatch alarm watching it');
    assert.equal(f.severity, 'warning');
    assert.equal(f.resource, 'Fn');
    assert.equal(f.fix, undefined);
  });

  it('passes workloads named in alarm dimensions as CloudWatch names them', () => {
    const t = yaml`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn: { Type: AWS::Serverless::Function, Properties: { Runtime: python3.12, Handler: i.h, InlineCode: x } }
        FnErrors:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Namespace: AWS/Lambda
            MetricName: Errors
            Dimensions: [{ Name: FunctionName, Value: !Ref Fn }]
            Statistic: Sum
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
        Alb: { Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: { Subnets: [a, b] } }
        Alb5xx:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Metrics:
              - Id: m1
                MetricStat:
                  Metric:
                    Namespace: AWS/ApplicationELB
                    MetricName: HTTPCode_ELB_5XX_Count
                    Dimensions:
                      - Name: LoadBalancer
                        Value: !GetAtt Alb.LoadBalancerFullName
                  Period: 60
                  Stat: Sum
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
        Cluster: { Type: AWS::ECS::Cluster }
        Service: { Type: AWS::ECS::Service, Properties: { Cluster: !Ref Cluster, TaskDefinition: td } }
        ServiceCpu:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Namespace: AWS/ECS
            MetricName: CPUUtilization
            Dimensions:
              - { Name: ClusterName, Value: !Ref Cluster }
              - { Name: ServiceName, Value: !Sub "\${Service.Name}" }
            Statistic: Average
            Period: 60
            EvaluationPeriods: 1
            Threshold: 90
            ComparisonOperator: GreaterThanThreshold
        Asg: { Type: AWS::AutoScaling::AutoScalingGroup, Properties: { MinSize: "1", MaxSize: "2", AutoScalingGroupName: web } }
        AsgAlarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Namespace: AWS/EC2
            MetricName: StatusCheckFailed
            Dimensions: [{ Name: AutoScalingGroupName, Value: web }]
            Statistic: Maximum
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
        Elb: { Type: AWS::ElasticLoadBalancing::LoadBalancer, Properties: { Listeners: [] } }
        ElbAlarm:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Namespace: AWS/ELB
            MetricName: UnHealthyHostCount
            Dimensions: [{ Name: LoadBalancerName, Value: !If [Never, !Ref Elb, !Ref Elb] }]
            Statistic: Maximum
            Period: 60
            EvaluationPeriods: 1
            Threshold: 1
            ComparisonOperator: GreaterThanOrEqualToThreshold
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => f.resource), []);
  });

  it('matches a function named by the same parameter as the alarm dimension', () => {
    const t = yaml`
      Parameters:
        Name: { Type: String }
      Resources:
        Fn: { Type: AWS::Lambda::Function, Properties: { FunctionName: !Ref Name, Role: r, Code: { ZipFile: x } } }
        A:
          Type: AWS::CloudWatch::Alarm
          Properties: { Namespace: AWS/Lambda, MetricName: Errors, Dimensions: [{ Name: FunctionName, Value: !Ref Name }], Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold }
    `;
    assert.deepEqual(findingsOf(RULE, t), []);
  });

  it('does not count a reference that is not the dimension value, and says so', () => {
    const t = yaml`
      Resources:
        Cluster: { Type: AWS::ECS::Cluster }
        Service: { Type: AWS::ECS::Service, Properties: { Cluster: !Ref Cluster, TaskDefinition: td } }
        ServiceCpu:
          Type: AWS::CloudWatch::Alarm
          Properties:
            Namespace: AWS/ECS
            MetricName: CPUUtilization
            AlarmDescription: !Sub "CPU of \${Service.Name}"
            Dimensions:
              - { Name: ClusterName, Value: !Ref Cluster }
              - { Name: ServiceName, Value: !Ref Service }
            Statistic: Average
            Period: 60
            EvaluationPeriods: 1
            Threshold: 90
            ComparisonOperator: GreaterThanThreshold
    `;
    const [f] = findingsOf(RULE, t);
    assert.equal(f.resource, 'Service');
    assert.equal(textAt(t, f), 'AWS::ECS::Service');
    assert.equal(
      f.message,
      'OPE-001: ECS service has no CloudWatch alarm watching it: alarm ServiceCpu names it with !Ref Service, which is not the value CloudWatch publishes its metrics under (use ServiceName: !GetAtt Service.Name, with ClusterName)',
    );
  });

  it('ignores composite alarms and references outside dimensions', () => {
    const t = yaml`
      Resources:
        Fn: { Type: AWS::Lambda::Function, Properties: { Role: r, Code: { ZipFile: x } } }
        Composite: { Type: AWS::CloudWatch::CompositeAlarm, Properties: { AlarmRule: !Sub "ALARM(\${Fn})" } }
        Other:
          Type: AWS::CloudWatch::Alarm
          Properties: { AlarmDescription: !Ref Fn, Tags: [{ Key: function, Value: !Ref Fn }], Namespace: AWS/Lambda, MetricName: Errors, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold }
    `;
    assert.deepEqual(findingsOf(RULE, t).map((f) => f.resource), ['Fn']);
  });

  it('does not count target-tracking alarms unless the option says so', () => {
    const t = yaml`
      Resources:
        Asg: { Type: AWS::AutoScaling::AutoScalingGroup, Properties: { MinSize: "1", MaxSize: "4" } }
        Cpu50:
          Type: AWS::AutoScaling::ScalingPolicy
          Properties:
            AutoScalingGroupName: !Ref Asg
            PolicyType: TargetTrackingScaling
            TargetTrackingConfiguration:
              PredefinedMetricSpecification: { PredefinedMetricType: ASGAverageCPUUtilization }
              TargetValue: 50
        Cluster: { Type: AWS::ECS::Cluster }
        Service: { Type: AWS::ECS::Service, Properties: { Cluster: !Ref Cluster, TaskDefinition: td } }
        Target:
          Type: AWS::ApplicationAutoScaling::ScalableTarget
          Properties:
            ResourceId: !Sub service/\${Cluster}/\${Service.Name}
            ScalableDimension: ecs:service:DesiredCount
            ServiceNamespace: ecs
            MinCapacity: 1
            MaxCapacity: 4
        Tracking:
          Type: AWS::ApplicationAutoScaling::ScalingPolicy
          Properties:
            PolicyName: cpu
            PolicyType: TargetTrackingScaling
            ScalingTargetId: !Ref Target
            TargetTrackingScalingPolicyConfiguration:
              PredefinedMetricSpecification: { PredefinedMetricType: ECSServiceAverageCPUUtilization }
              TargetValue: 50
    `;
    const found = findingsOf(RULE, t);
    assert.deepEqual(found.map((f) => f.message), [
      'OPE-001: Auto Scaling group has no CloudWatch alarm watching it: the alarms of target-tracking policy Cpu50 only scale it and notify no one',
      'OPE-001: ECS service has no CloudWatch alarm watching it: the alarms of target-tracking policy Tracking only scale it and notify no one',
    ]);
    assert.deepEqual(findingsOf(RULE, t, { ruleOptions: { [RULE]: { countTargetTracking: true } } }), []);
  });
});
