import { ValidationError } from "../errors";

const ipToInt = (ip: string) => ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

/** Parses `a.b.c.d/p`, requiring the address to be the network's first. */
export function parseCidr(key: string, cidr: string): { base: number; prefix: number } {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  const octetsValid = match?.[1].split(".").every((o) => Number(o) <= 255);
  const prefix = Number(match?.[2]);
  if (!match || !octetsValid || prefix < 16 || prefix > 24) {
    throw new ValidationError(
      key,
      cidr,
      "expected an IPv4 CIDR block from /16 to /24 (the sizes AWS allows for a VPC, with room for subnets)",
    );
  }
  const base = ipToInt(match[1]);
  if (base % 2 ** (32 - prefix) !== 0) {
    throw new ValidationError(
      key,
      cidr,
      `the address must be the first of the block, e.g. ${intToIp(base - (base % 2 ** (32 - prefix)))}/${prefix}`,
    );
  }
  return { base, prefix };
}

/**
 * Splits a VPC block into 16 equal subnets (4 more prefix bits) and returns the first `count` for public
 * subnets and the next `count`, starting half-way, for private ones, so adding an AZ never moves a subnet.
 */
export function subnetCidrs(
  key: string,
  vpcCidr: string,
  count: number,
): {
  /** The public subnets' blocks, from the start of the VPC block. */
  public: string[];
  /** The private subnets' blocks, from half-way through the VPC block. */
  private: string[];
} {
  const { base, prefix } = parseCidr(key, vpcCidr);
  const size = 2 ** (32 - prefix - 4);
  const block = (i: number) => `${intToIp(base + i * size)}/${prefix + 4}`;
  return {
    public: Array.from({ length: count }, (_, i) => block(i)),
    private: Array.from({ length: count }, (_, i) => block(8 + i)),
  };
}
