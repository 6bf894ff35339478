/**
 * A message carried from one screen to the next (after a registration, the contract page says what was
 * registered). It is read once.
 */
export type Flash = { text: string; highlight?: string };

let pending: Flash | undefined;

export function setFlash(flash: Flash) {
  pending = flash;
}

export function takeFlash(): Flash | undefined {
  const flash = pending;
  pending = undefined;
  return flash;
}
