import { Type } from '@sinclair/typebox';
import { allRoles } from '../auth/caller.ts';
import type { RouteModule } from '../http/server.ts';
import { AcceleratedClock } from '../kernel/clock.ts';

const ClockAnswer = Type.Object({
  now: Type.String({ description: 'The server clock (the demo clock in demo mode), ISO 8601' }),
  today: Type.String({ description: "Today's date in Asia/Seoul on that clock, YYYY-MM-DD" }),
  demo: Type.Boolean(),
  speed: Type.Number({ description: 'How many times faster than real time the clock runs (1 outside the demo)' }),
  daySeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'Real seconds per demo day, or null' }),
});

/**
 * `GET /api/v1/clock`: the date and time Hado works with, so the web can show the demo's date (it runs fast: a
 * day every HADO_DEMO_DAY_SECONDS) beside deadlines that move while you watch. Anyone may ask.
 */
export const clockRoutes: RouteModule = (app, context) => {
  app.get(
    '/api/v1/clock',
    {
      config: { access: { roles: allRoles } },
      schema: {
        tags: ['monitor'],
        summary: "The server's clock and today's date (the demo clock in demo mode)",
        response: { 200: ClockAnswer },
      },
    },
    async () => {
      const clock = context.clock;
      const speed = clock instanceof AcceleratedClock ? clock.speed : 1;
      return {
        now: clock.now().toISOString(),
        today: clock.today(),
        demo: context.demo,
        speed,
        daySeconds: speed > 1 ? Math.round(86_400 / speed) : null,
      };
    },
  );
};
