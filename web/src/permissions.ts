import type { Role } from './api/types.ts';

/**
 * What each role may see and do in the web application. These mirror the roles each API route
 * declares (src/registry/registry.routes.ts): a screen never offers what the API would refuse. The API
 * stays the authority; this only decides what to show.
 */
export const signedInRoles = ['admin', 'official', 'prime', 'subcontractor', 'supplier', 'bank', 'auditor'] as const;
/** Roles that sign in with an account; the screens behind sign-in are only ever rendered for these. */
export type SignedInRole = (typeof signedInRoles)[number];

const canSee = {
  dedicatedAccounts: ['admin', 'official', 'auditor', 'prime', 'bank'],
  subcontracts: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'bank'],
  supplyContracts: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank'],
  workers: ['admin', 'official', 'auditor', 'prime', 'subcontractor'],
} as const satisfies Record<string, readonly Role[]>;

export type ContractSection = keyof typeof canSee;

export const seesSection = (role: Role, section: ContractSection): boolean =>
  (canSee[section] as readonly Role[]).includes(role);

/** The prime lets tier-1 subcontracts and employs workers; a subcontractor lets tier-2 and employs its own. */
export const registersOnContracts: readonly Role[] = ['prime', 'subcontractor'];
