import argon2 from 'argon2';

/** Passwords are stored as argon2id hashes (OWASP's first choice), never in any reversible form. */
export const passwordLengthMin = 12;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the login is unknown so both paths take equal time. */
export const unknownUserHash = hashPassword(crypto.randomUUID());
