/**
 * The kinds of finding `hado monitor run` counts, with who acts on each and how serious it is. Deadline kinds are
 * the prime's to act on; a payment overdue, wages unpaid or money diverted are the official's to escalate.
 * Reconciliation raises `returned` and `diverted` (and `overpaid`, `transfer_rejected`, which are not counted here).
 */
export const monitoredKinds = [
  'upcoming',
  'due_today',
  'overdue',
  'paid_late',
  'short_paid',
  'returned',
  'diverted',
  'unpaid_wage',
] as const;
export type MonitoredKind = (typeof monitoredKinds)[number];

export type Severity = 'info' | 'warning' | 'critical';
export type Owner = 'prime' | 'official';

export const findingPolicy = {
  upcoming: { severity: 'info', owner: 'prime' },
  due_today: { severity: 'warning', owner: 'prime' },
  overdue: { severity: 'critical', owner: 'official' },
  paid_late: { severity: 'warning', owner: 'prime' },
  short_paid: { severity: 'warning', owner: 'prime' },
  returned: { severity: 'warning', owner: 'prime' },
  diverted: { severity: 'critical', owner: 'official' },
  unpaid_wage: { severity: 'critical', owner: 'official' },
} as const satisfies Record<MonitoredKind, { severity: Severity; owner: Owner }>;

/** The owner of any finding, including kinds reconciliation raises that the monitor does not count. */
export function ownerOf(kind: string): Owner {
  return kind in findingPolicy ? findingPolicy[kind as MonitoredKind].owner : 'official';
}

export type FindingCounts = Record<MonitoredKind, number>;

export const zeroCounts = (): FindingCounts =>
  Object.fromEntries(monitoredKinds.map((kind) => [kind, 0])) as FindingCounts;
