/**
 * The oldest protocol each predefined TLS security policy lets clients use, as AWS documents them. A name not
 * listed here is not guessed from its spelling: the rules say they cannot decide. Sources:
 * - CloudFront: Developer Guide, "Supported protocols and ciphers between viewers and CloudFront" (the
 *   security policy table); with its default certificate CloudFront always uses TLSv1.
 * - Application and Network Load Balancers: Elastic Load Balancing guides, "Security policies for your
 *   Application Load Balancer" / "... Network Load Balancer" (protocols by policy). The default when
 *   CloudFormation creates an HTTPS or TLS listener without `SslPolicy` is ELBSecurityPolicy-2016-08.
 * - Classic Load Balancers: "Predefined SSL security policies for Classic Load Balancers"; an HTTPS/SSL
 *   listener without a policy gets ELBSecurityPolicy-2016-08.
 */

export type Protocol = 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Whether a policy's oldest protocol is older than TLS 1.2 (what NETSEC-002's encryption in transit rules out). */
export function belowTls12(oldest: Protocol): boolean {
  return oldest === 'SSLv3' || oldest === 'TLSv1' || oldest === 'TLSv1.1';
}

/** In the words of the finding: "TLS 1.0", "TLS 1.1", "SSL 3.0". */
export function protocolName(p: Protocol): string {
  return p === 'SSLv3' ? 'SSL 3.0' : p === 'TLSv1' ? 'TLS 1.0' : `TLS ${p.slice(4)}`;
}

export const CLOUDFRONT_POLICIES: ReadonlyMap<string, Protocol> = new Map<string, Protocol>([
  ['SSLv3', 'SSLv3'],
  ['TLSv1', 'TLSv1'],
  ['TLSv1_2016', 'TLSv1'],
  ['TLSv1.1_2016', 'TLSv1.1'],
  ['TLSv1.2_2018', 'TLSv1.2'],
  ['TLSv1.2_2019', 'TLSv1.2'],
  ['TLSv1.2_2021', 'TLSv1.2'],
  ['TLSv1.2_2025', 'TLSv1.2'],
  ['TLSv1.3_2025', 'TLSv1.3'],
]);

/** The policy CloudFront's fix writes: TLS 1.2 and 1.3 only, AWS's recommendation for custom certificates. */
export const CLOUDFRONT_RECOMMENDED = 'TLSv1.2_2021';

export const ELBV2_DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

export const ELBV2_POLICIES: ReadonlyMap<string, Protocol> = new Map<string, Protocol>([
  ['ELBSecurityPolicy-2016-08', 'TLSv1'],
  ['ELBSecurityPolicy-2015-05', 'TLSv1'],
  ['ELBSecurityPolicy-TLS-1-0-2015-04', 'TLSv1'],
  ['ELBSecurityPolicy-TLS-1-1-2017-01', 'TLSv1.1'],
  ['ELBSecurityPolicy-TLS-1-2-2017-01', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', 'TLSv1.2'],
  ['ELBSecurityPolicy-FS-2018-06', 'TLSv1'],
  ['ELBSecurityPolicy-FS-1-1-2019-08', 'TLSv1.1'],
  ['ELBSecurityPolicy-FS-1-2-2019-08', 'TLSv1.2'],
  ['ELBSecurityPolicy-FS-1-2-Res-2019-08', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-0-2021-06', 'TLSv1'],
  ['ELBSecurityPolicy-TLS13-1-0-PQ-2025-09', 'TLSv1'],
  ['ELBSecurityPolicy-TLS13-1-1-2021-06', 'TLSv1.1'],
  ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09', 'TLSv1.2'],
  ['ELBSecurityPolicy-TLS13-1-3-2021-06', 'TLSv1.3'],
  ['ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', 'TLSv1.3'],
]);

/** The policy the listener fix writes: TLS 1.2 and 1.3, offered to Application and Network Load Balancers alike. */
export const ELBV2_RECOMMENDED = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export const CLASSIC_DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

export const CLASSIC_POLICIES: ReadonlyMap<string, Protocol> = new Map<string, Protocol>([
  ['ELBSecurityPolicy-2016-08', 'TLSv1'],
  ['ELBSecurityPolicy-TLS-1-1-2017-01', 'TLSv1.1'],
  ['ELBSecurityPolicy-TLS-1-2-2017-01', 'TLSv1.2'],
  ['ELBSecurityPolicy-2015-05', 'TLSv1'],
  ['ELBSecurityPolicy-2015-03', 'TLSv1'],
  ['ELBSecurityPolicy-2015-02', 'TLSv1'],
]);

/** The protocol attributes of a custom Classic Load Balancer SSL negotiation policy, oldest first. */
export const CLASSIC_PROTOCOL_ATTRIBUTES: readonly (readonly [string, Protocol])[] = [
  ['Protocol-SSLv3', 'SSLv3'],
  ['Protocol-TLSv1', 'TLSv1'],
  ['Protocol-TLSv1.1', 'TLSv1.1'],
  ['Protocol-TLSv1.2', 'TLSv1.2'],
];
