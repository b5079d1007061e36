/**
 * Inputs whose change makes the AWS provider replace a stateful resource (delete and create: the data, the
 * images or the address go with the old one). Short on purpose: the resources this repository creates that
 * hold something a replacement loses. Source: the AWS provider's schema, where these arguments are marked
 * "forces replacement" (ForceNew in the Terraform provider it bridges); each entry names its docs page.
 */
export const REPLACEMENT_INPUTS: Record<string, { inputs: string[]; source: string; loses: string }> = {
  "aws:ecr/repository:Repository": {
    inputs: ["name", "encryptionConfigurations"],
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ecr/repository/",
    loses: "every image in the repository",
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    inputs: ["name", "namePrefix"],
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/loggroup/",
    loses: "the logs kept so far",
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    inputs: ["name", "namePrefix", "internal", "loadBalancerType"],
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/lb/loadbalancer/",
    loses: "its DNS name (every alias and client pointing at it)",
  },
  "aws:kms/key:Key": {
    inputs: ["customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion"],
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/kms/key/",
    loses: "the ability to decrypt what the old key encrypted once it is deleted",
  },
  "aws:route53/zone:Zone": {
    inputs: ["name"],
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/route53/zone/",
    loses: "every record and the delegated name servers",
  },
  "aws:ec2/vpc:Vpc": {
    inputs: ["cidrBlock", "instanceTenancy"],
    source: "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/vpc/",
    loses: "everything in the VPC, which must be replaced with it",
  },
};
