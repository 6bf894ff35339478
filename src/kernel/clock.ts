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

/**
 * The demo's running clock: from an anchor (this demo instant at that real instant) it runs `speed` times faster
 * than real time, so a demo day passes in minutes and deadlines come and go while you watch. The real clock is
 * injected, so tests move it explicitly instead of waiting.
 */
export class AcceleratedClock implements Clock {
  readonly #demoAtMs: number;
  readonly #realAtMs: number;

  constructor(
    anchor: { readonly demoAt: Date; readonly realAt: Date },
    readonly speed: number,
    readonly real: Clock = systemClock,
  ) {
    if (!(Number.isFinite(speed) && speed >= 1))
      throw new RangeError(`a demo clock runs at least at real speed: ${speed}`);
    this.#demoAtMs = anchor.demoAt.getTime();
    this.#realAtMs = anchor.realAt.getTime();
  }

  now(): Date {
    return new Date(this.#demoAtMs + Math.floor((this.real.now().getTime() - this.#realAtMs) * this.speed));
  }

  today(): CivilDate {
    return seoulDateOf(this.now());
  }
}
