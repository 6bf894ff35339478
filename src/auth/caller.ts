/**
 * Who is calling, and for which party. Every route declares the roles that may call it; every query is
 * scoped to the caller's party (a buyer for officials, a firm for contractors, a bank for banks).
 */
export const userRoles = ['admin', 'official', 'prime', 'subcontractor', 'supplier', 'bank', 'auditor'] as const;
export type UserRole = (typeof userRoles)[number];
/** Roles without an account: a worker proves a phone number; the public is anyone. */
export const allRoles = [...userRoles, 'worker', 'public'] as const;
export type Role = (typeof allRoles)[number];

export type Caller =
  | { readonly role: 'admin' | 'auditor'; readonly userId: bigint; readonly label: string }
  | { readonly role: 'official'; readonly userId: bigint; readonly buyerId: bigint; readonly label: string }
  | {
      readonly role: 'prime' | 'subcontractor' | 'supplier';
      readonly userId: bigint;
      readonly firmId: bigint;
      readonly label: string;
    }
  | { readonly role: 'bank'; readonly userId: bigint; readonly bankId: bigint; readonly label: string }
  | { readonly role: 'worker'; readonly workerId: bigint; readonly label: string }
  | { readonly role: 'public'; readonly label: 'public' };

export const publicCaller: Caller = { role: 'public', label: 'public' };

export const isFirmCaller = (caller: Caller): caller is Extract<Caller, { firmId: bigint }> =>
  caller.role === 'prime' || caller.role === 'subcontractor' || caller.role === 'supplier';

/** Roles that see every contract: they administer or audit the whole system. */
export const seesEverything = (caller: Caller): boolean => caller.role === 'admin' || caller.role === 'auditor';

/** The route declaration every route carries in its `config`. A route without one fails at start. */
export type RouteAccess = { readonly roles: readonly Role[] };
