import { Type } from '@sinclair/typebox';
import { auditedWrite } from '../audit/audited-write.ts';
import { refuse } from '../http/refusals.ts';
import { CivilDateText, IdText } from '../http/schemas.ts';
import type { RouteModule } from '../http/server.ts';
import { parseCivilDate } from '../kernel/civil-date.ts';
import { textLengthMax } from '../kernel/limits.ts';
import { registerOnce } from '../registry/register-once.ts';
import { ruleNames, ruleValueAdmissible } from './rule-table.ts';

const RuleVersion = Type.Object({
  id: IdText,
  rule: Type.String(),
  effectiveFrom: CivilDateText,
  value: Type.String({ description: 'Days, or a rate in millionths a year (155000 = 15.5 %)' }),
  source: Type.String(),
  recordedBy: Type.String(),
});

const ruleOut = (row: {
  id: bigint;
  rule: string;
  effective_from: string;
  value: bigint;
  source: string;
  recorded_by: string;
}) => ({
  id: String(row.id),
  rule: row.rule,
  effectiveFrom: row.effective_from,
  value: String(row.value),
  source: row.source,
  recordedBy: row.recorded_by,
});

/**
 * The dated rule table (DESIGN §3): anyone signed in reads it; an administrator adds a version when the law
 * changes. Versions are never edited: a payment is judged by the version in force on its date.
 */
export const rulesRoutes: RouteModule = (app, context) => {
  const db = context.handle.db;

  app.get(
    '/api/v1/rules',
    {
      config: {
        access: { roles: ['admin', 'official', 'auditor', 'prime', 'subcontractor', 'supplier', 'bank', 'worker'] },
      },
      schema: { tags: ['rules'], response: { 200: Type.Object({ items: Type.Array(RuleVersion) }) } },
    },
    async () => {
      const rows = await db.selectFrom('rule_versions').selectAll().orderBy('rule').orderBy('effective_from').execute();
      return { items: rows.map(ruleOut) };
    },
  );

  app.post(
    '/api/v1/rules',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['rules'],
        summary: 'Add a rule version, in force from its date',
        body: Type.Object(
          {
            rule: Type.Union(ruleNames.map((name) => Type.Literal(name))),
            effectiveFrom: CivilDateText,
            value: Type.String({ pattern: '^(0|[1-9][0-9]{0,17})$' }),
            source: Type.String({ minLength: 1, maxLength: textLengthMax }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ result: Type.String(), record: RuleVersion }),
          201: Type.Object({ result: Type.String(), record: RuleVersion }),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const effectiveFrom = parseCivilDate(body.effectiveFrom) ?? refuse('invalid_date', 'effectiveFrom');
      const value = BigInt(body.value);
      if (!ruleValueAdmissible(body.rule, value)) refuse('invalid_rule_value', 'value');
      const outcome = await auditedWrite(db, request.caller, context.clock.now(), async (tx) => {
        const existing = await tx
          .selectFrom('rule_versions')
          .selectAll()
          .where('rule', '=', body.rule)
          .where('effective_from', '=', effectiveFrom)
          .executeTakeFirst();
        const registered = await registerOnce({
          existing,
          content: (row) => ({ value: row.value, source: row.source }),
          requested: { value, source: body.source },
          conflictField: 'effectiveFrom',
          create: () =>
            tx
              .insertInto('rule_versions')
              .values({
                rule: body.rule,
                effective_from: effectiveFrom,
                value,
                source: body.source,
                recorded_by: request.caller.label,
              })
              .returningAll()
              .executeTakeFirstOrThrow(),
        });
        return {
          outcome: registered,
          audit:
            registered.result === 'created'
              ? [
                  {
                    action: 'rule_version.added',
                    entity: 'rule_version',
                    entityId: registered.record.id,
                    after: ruleOut(registered.record),
                  },
                ]
              : [],
        };
      });
      return reply
        .status(outcome.result === 'created' ? 201 : 200)
        .send({ result: outcome.result, record: ruleOut(outcome.record) });
    },
  );
};
