import { type CivilDate, seoulDateOf } from './civil-date.ts';

/** Time behind an interface: the domain asks the clock, tests and the demo move it. */
export type Clock = {
  now(): Date;
  today(): CivilDate;
};

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => seoulDateOf(new Date()),
};

/** A clock that stands still until moved: for tests. */
export class ManualClock implements Clock {
  #now: Date;
  constructor(start: Date) {
    this.#now = new Date(start.getTime());
  }
  now(): Date {
    return new Date(this.#now.getTime());
  }
  today(): CivilDate {
    return seoulDateOf(this.#now);
  }
  set(instant: Date): void {
    this.#now = new Date(instant.getTime());
  }
  advanceMs(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
  advanceDays(days: number): void {
    this.advanceMs(days * 86_400_000);
  }
}

/**
 * The demo's clock runs at real speed from a fixed offset, so the demo world shows the same states
 * whatever day it is started on.
 */
export class OffsetClock implements Clock {
  constructor(readonly offsetMs: number) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  today(): CivilDate {
    return seoulDateOf(this.now());
  }
}
