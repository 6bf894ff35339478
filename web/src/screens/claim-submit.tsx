import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimFacts } from '../../../src/claims/claim.ts';
import type { ClaimBody, ClaimDetail, ClaimFactsJson, ClaimLineBody, ClaimResult } from '../api/claim-types.ts';
import { ApiError, api } from '../api/client.ts';
import type { Contract, Engagement, Firm, Subcontract, SupplyContract } from '../api/types.ts';
import { checkClaimBody, factsFromJson, lineAmountWon } from '../claim-check.ts';
import { TableRegion, useName, Won } from '../components/display.tsx';
import { useErrorText } from '../components/error-text.ts';
import { Page } from '../components/page.tsx';
import { Loaded } from '../components/status.tsx';
import { setFlash } from '../flash.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../routes.tsx';
import { useResource } from '../use-resource.ts';
import { parseWonInput } from '../validation.ts';
import './claims.css';

type Row = {
  key: string;
  kind: ClaimLineBody['kind'];
  label: string;
  detail: string;
  input: 'amount' | 'days';
  ref: Partial<Pick<ClaimLineBody, 'subcontractId' | 'supplyContractId' | 'workerEngagementId'>>;
  wageWon?: string;
};

type FormData = {
  contract: Contract;
  facts: ClaimFacts;
  rows: Row[];
  primeAccounts: { id: string; label: string }[];
  previous: ClaimDetail | undefined;
};

async function loadForm(
  contractId: string | undefined,
  claimId: string | undefined,
  name: (party: Firm | undefined) => string,
  signal: AbortSignal,
): Promise<FormData> {
  const previous = claimId ? await api.get<ClaimDetail>(`/api/v1/claims/${claimId}`, signal) : undefined;
  const id = contractId ?? previous!.claim.contractId;
  const base = `/api/v1/contracts/${encodeURIComponent(id)}`;
  const [contract, firms, subcontracts, supply, workers, factsJson, accounts] = await Promise.all([
    api.get<Contract>(base, signal),
    api.list<Firm>('/api/v1/firms', signal),
    api.list<Subcontract>(`${base}/subcontracts`, signal),
    api.list<SupplyContract>(`${base}/supply-contracts`, signal),
    api.list<Engagement>(`${base}/workers`, signal),
    api.get<ClaimFactsJson>(`${base}/claim-facts${claimId ? `?excludeClaimId=${claimId}` : ''}`, signal),
    api.list<{ id: string; bankCode: string; accountMasked: string; verification: string }>(
      '/api/v1/payee-accounts',
      signal,
    ),
  ]);
  const firm = new Map(firms.map((f) => [f.id, f]));
  const rows: Row[] = [
    {
      key: 'own',
      kind: 'own_share',
      label: name(firm.get(contract.primeFirmId)),
      detail: '',
      input: 'amount',
      ref: {},
    },
    ...subcontracts.map((sub) => ({
      key: `sub-${sub.id}`,
      kind: 'subcontract' as const,
      label: name(firm.get(sub.firmId)),
      detail: `${sub.reference} · ${sub.title}`,
      input: 'amount' as const,
      ref: { subcontractId: sub.id },
    })),
    ...supply.map((contractRow) => ({
      key: `supply-${contractRow.id}`,
      kind: 'supply' as const,
      label: name(firm.get(contractRow.firmId)),
      detail: `${contractRow.reference} · ${contractRow.title}`,
      input: 'amount' as const,
      ref: { supplyContractId: contractRow.id },
    })),
    ...workers.map((worker) => ({
      key: `worker-${worker.id}`,
      kind: 'labour' as const,
      label: worker.workerName ?? '—',
      detail: `${worker.trade} · ${name(firm.get(worker.employerFirmId))}`,
      input: 'days' as const,
      ref: { workerEngagementId: worker.id },
      wageWon: worker.dailyWageWon,
    })),
    {
      key: 'advance',
      kind: 'advance',
      label: name(firm.get(contract.primeFirmId)),
      detail: '',
      input: 'amount',
      ref: {},
    },
  ];
  return {
    contract,
    facts: factsFromJson(factsJson),
    rows,
    primeAccounts: accounts
      .filter((account) => account.verification === 'verified')
      .map((account) => ({ id: account.id, label: `${account.bankCode} ${account.accountMasked}` })),
    previous,
  };
}

/** A new progress claim with its division, or a rejected one edited and resubmitted. */
export function ClaimSubmitScreen({ params }: ScreenProps) {
  const { t } = useTranslation();
  const name = useName();
  const resubmitting = params.claimId !== undefined;
  const resource = useResource(
    (signal) => loadForm(params.id, params.claimId, name, signal),
    [params.id, params.claimId],
  );
  return (
    <Page title={resubmitting ? t('claims.form.resubmitTitle') : t('claims.form.title')} lead={t('claims.form.lead')}>
      <Loaded resource={resource}>{(data) => <ClaimForm data={data} />}</Loaded>
    </Page>
  );
}

type Values = {
  periodStart: string;
  periodEnd: string;
  totalWon: string;
  ownAccount: string;
  inputs: Record<string, string>;
};

function initialValues(data: FormData): Values {
  const inputs: Record<string, string> = {};
  const previous = data.previous;
  if (previous) {
    for (const line of previous.lines) {
      const row = data.rows.find(
        (r) =>
          r.kind === line.kind &&
          (r.ref.subcontractId ?? null) === (line.kind === 'subcontract' ? line.subcontractId : null) &&
          (r.ref.supplyContractId ?? null) === line.supplyContractId &&
          (r.ref.workerEngagementId ?? null) === line.workerEngagementId,
      );
      if (row) inputs[row.key] = row.input === 'days' ? String(line.daysWorked ?? '') : line.amountWon;
    }
  }
  return {
    periodStart: previous?.claim.periodStart ?? '',
    periodEnd: previous?.claim.periodEnd ?? '',
    totalWon: previous?.claim.totalWon ?? '',
    ownAccount: data.primeAccounts[0]?.id ?? '',
    inputs,
  };
}

/** The body the API takes, with which form row each line came from; or the first input that is not a number. */
function bodyOf(values: Values, rows: Row[]) {
  const lines: ClaimLineBody[] = [];
  const rowOfLine: string[] = [];
  const inputProblems: Record<string, string> = {};
  for (const row of rows) {
    const text = (values.inputs[row.key] ?? '').trim();
    if (text === '') continue;
    if (row.input === 'days') {
      if (!/^\d{1,2}$/.test(text) || Number(text) < 1) {
        inputProblems[row.key] = 'invalid_days';
        continue;
      }
      lines.push({ kind: row.kind, ...row.ref, daysWorked: Number(text) });
    } else {
      const parsed = parseWonInput(text);
      if ('problem' in parsed) {
        inputProblems[row.key] = parsed.problem;
        continue;
      }
      const account = row.kind === 'own_share' || row.kind === 'advance' ? values.ownAccount : '';
      lines.push({
        kind: row.kind,
        ...row.ref,
        ...(account ? { payeeAccountId: account } : {}),
        amountWon: parsed.amountWon,
      });
    }
    rowOfLine.push(row.key);
  }
  const total = parseWonInput(values.totalWon);
  const body: ClaimBody = {
    periodStart: values.periodStart,
    periodEnd: values.periodEnd,
    totalWon: 'amountWon' in total ? total.amountWon : '0',
    lines,
  };
  return { body, rowOfLine, inputProblems, totalProblem: 'problem' in total ? total.problem : undefined };
}

type Problem = { field: string; row?: string; code: string };

function ClaimForm({ data }: { data: FormData }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState<Values>(() => initialValues(data));
  const [shown, setShown] = useState(data.previous !== undefined);
  const [apiProblem, setApiProblem] = useState<Problem | undefined>();
  const [apiMessage, setApiMessage] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const built = useMemo(() => bodyOf(values, data.rows), [values, data.rows]);
  // The same verdict the API would give (src/claims/claim.ts validateClaim over the API's facts).
  const problem: Problem | undefined = useMemo(() => {
    const firstInput = Object.entries(built.inputProblems)[0];
    if (firstInput) return { field: `row-${firstInput[0]}`, row: firstInput[0], code: firstInput[1] };
    if (values.periodStart === '') return { field: 'periodStart', code: 'required' };
    if (values.periodEnd === '') return { field: 'periodEnd', code: 'required' };
    if (built.totalProblem) return { field: 'totalWon', code: built.totalProblem };
    if (built.body.lines.length === 0) return { field: 'lines', code: 'no_lines' };
    const verdict = checkClaimBody(built.body, data.facts);
    if (verdict.result === 'valid') return undefined;
    const match = /^lines\[(\d+)\]/.exec(verdict.field);
    const row = match ? built.rowOfLine[Number(match[1])] : undefined;
    return { field: row ? `row-${row}` : verdict.field, ...(row ? { row } : {}), code: verdict.result };
  }, [built, values.periodStart, values.periodEnd, data.facts]);

  const sum = built.body.lines.reduce((total, line) => total + lineAmountWon(line, data.facts), 0n);
  const shownProblem = apiProblem ?? (shown ? problem : undefined);
  const problemText = (p: Problem) =>
    p === apiProblem && apiMessage ? apiMessage : t(`claims.refusal.${p.code}` as 'claims.refusal.required');

  const set = (change: Partial<Values>) => {
    setValues((current) => ({ ...current, ...change }));
    setApiProblem(undefined);
    setShown(true);
  };
  const setInput = (key: string, text: string) => set({ inputs: { ...values.inputs, [key]: text } });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (problem) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setSubmitting(true);
    try {
      const result = data.previous
        ? await api.put<ClaimResult>(`/api/v1/claims/${data.previous.claim.id}`, built.body)
        : await api.post<ClaimResult>(`/api/v1/contracts/${data.contract.id}/claims`, built.body);
      setFlash({ text: t('claims.form.submitted', { sequence: result.claim.sequence }) });
      navigate(`/claims/${result.claim.id}`);
    } catch (failure) {
      const apiError = failure instanceof ApiError ? failure : undefined;
      const match = apiError?.field ? /^lines\[(\d+)\]/.exec(apiError.field) : null;
      const row = match ? built.rowOfLine[Number(match[1])] : undefined;
      setApiProblem({
        field: row ? `row-${row}` : (apiError?.field ?? 'form'),
        ...(row ? { row } : {}),
        code: apiError?.code ?? 'unknown',
      });
      setApiMessage(errorText(apiError));
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setSubmitting(false);
    }
  };

  const fieldError = (field: string) => (shownProblem?.field === field ? shownProblem : undefined);
  const describe = (field: string) =>
    fieldError(field) ? { 'aria-invalid': true, 'aria-describedby': 'claim-problem' } : {};

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="claim-form">
      <p className="form-context">
        {t('forms.contextContract')} <strong>{data.contract.title}</strong>
      </p>
      <div
        ref={summary}
        tabIndex={-1}
        className={shownProblem ? 'error-summary' : 'visually-hidden'}
        role="alert"
        id="claim-problem"
        data-testid="claim-problem"
      >
        {shownProblem ? (
          <>
            <p className="notice-title">{t('claims.form.problem')}</p>
            <p>
              <a href={`#${shownProblem.field}`}>{problemText(shownProblem)}</a>
            </p>
          </>
        ) : null}
      </div>

      <fieldset>
        <legend>{t('claims.form.periodLegend')}</legend>
        <div className="field-row">
          <div className={fieldError('periodStart') ? 'field field-invalid' : 'field'}>
            <label htmlFor="periodStart">{t('claims.form.periodStart')}</label>
            <input
              id="periodStart"
              type="date"
              value={values.periodStart}
              onChange={(e) => set({ periodStart: e.target.value })}
              {...describe('periodStart')}
            />
          </div>
          <div className={fieldError('periodEnd') ? 'field field-invalid' : 'field'}>
            <label htmlFor="periodEnd">{t('claims.form.periodEnd')}</label>
            <input
              id="periodEnd"
              type="date"
              value={values.periodEnd}
              onChange={(e) => set({ periodEnd: e.target.value })}
              {...describe('periodEnd')}
            />
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('claims.form.divisionLegend')}</legend>
        <p className="hint">{t('claims.form.divisionHint')}</p>
        <div className="field">
          <label htmlFor="ownAccount">{t('claims.form.ownAccount')}</label>
          <select id="ownAccount" value={values.ownAccount} onChange={(e) => set({ ownAccount: e.target.value })}>
            {data.primeAccounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.label}
              </option>
            ))}
          </select>
        </div>
        <TableRegion label={t('claims.form.divisionLegend')}>
          <table className="table claim-form-table" data-testid="division">
            <thead>
              <tr>
                <th scope="col">{t('claims.columns.kind')}</th>
                <th scope="col">{t('claims.columns.payee')}</th>
                <th scope="col">{t('claims.form.input')}</th>
                <th scope="col" className="numeric">
                  {t('claims.columns.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => {
                const inputId = `row-${row.key}`;
                const text = values.inputs[row.key] ?? '';
                const days = row.input === 'days' && /^\d+$/.test(text) ? BigInt(text) : undefined;
                const invalid = fieldError(inputId);
                return (
                  <tr key={row.key} className={invalid ? 'row-invalid' : undefined}>
                    <td>{t(`claims.kind.${row.kind}` as 'claims.kind.own_share')}</td>
                    <td>
                      <label htmlFor={inputId}>
                        <strong>{row.label}</strong>
                        {row.detail ? <span className="hint"> {row.detail}</span> : null}
                      </label>
                    </td>
                    <td>
                      <input
                        id={inputId}
                        inputMode="numeric"
                        autoComplete="off"
                        placeholder={row.input === 'days' ? t('claims.form.daysPlaceholder') : '₩'}
                        value={text}
                        onChange={(e) => setInput(row.key, e.target.value)}
                        {...describe(inputId)}
                      />
                    </td>
                    <td className="numeric">
                      {row.input === 'days' && row.wageWon ? (
                        <>
                          <span className="hint">
                            × <Won amount={row.wageWon} />
                          </span>{' '}
                          {days !== undefined ? <Won amount={String(days * BigInt(row.wageWon))} /> : null}
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      </fieldset>

      <fieldset>
        <legend>{t('claims.form.totalLegend')}</legend>
        <div className={fieldError('totalWon') ? 'field field-invalid' : 'field'}>
          <label htmlFor="totalWon">{t('claims.form.total')}</label>
          <div className="input-affix">
            <span aria-hidden="true">₩</span>
            <input
              id="totalWon"
              inputMode="numeric"
              autoComplete="off"
              value={values.totalWon}
              onChange={(e) => set({ totalWon: e.target.value })}
              {...describe('totalWon')}
            />
          </div>
        </div>
        <p className="claim-sum" data-testid="claim-sum" aria-live="polite">
          <span>
            {t('claims.form.linesSum')} <Won amount={String(sum)} />
          </span>
          {built.totalProblem === undefined && BigInt(built.body.totalWon) !== sum ? (
            <span className="claim-sum-mismatch">{t('claims.form.sumMismatch')}</span>
          ) : null}
        </p>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? t('forms.submitting') : data.previous ? t('claims.form.resubmit') : t('claims.form.submit')}
        </button>
        <Link to={`/contracts/${data.contract.id}/claims`} className="button button-quiet">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
