import { type ReactNode, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { FieldProblem } from '../validation.ts';
import { useErrorText } from './error-text.ts';

/**
 * Form state for registry forms. Field names are the API's field paths (`phone`, `account.holderName`),
 * so a refusal's `field` lands on the input it names. A field is checked when it loses focus and again
 * as the user corrects it; everything is checked on submit; the API's answer is shown the same way.
 */
export type FieldError = { problem: FieldProblem } | { text: string };
export type Check<V> = (values: V) => Partial<Record<keyof V & string, FieldProblem | undefined>>;

export const fieldId = (name: string) => `field-${name.replaceAll('.', '-')}`;

export function useForm<V extends Record<string, string>>(initial: V, check: Check<V>) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<string, FieldError>>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const errorText = useErrorText();

  const problemsOf = useCallback(
    (next: V) => {
      const found: Partial<Record<string, FieldError>> = {};
      for (const [name, problem] of Object.entries(check(next))) if (problem) found[name] = { problem };
      return found;
    },
    [check],
  );

  const set = (name: keyof V & string, value: string, also?: Partial<V>) => {
    const next = { ...values, ...also, [name]: value } as V;
    setValues(next);
    if (errors[name]) {
      const problems = problemsOf(next);
      setErrors((current) => {
        const updated = { ...current };
        if (problems[name]) updated[name] = problems[name];
        else delete updated[name];
        return updated;
      });
    }
  };

  const blur = (name: keyof V & string) => {
    if (values[name] === '') return;
    const problem = problemsOf(values)[name];
    setErrors((current) => {
      const updated = { ...current };
      if (problem) updated[name] = problem;
      else delete updated[name];
      return updated;
    });
  };

  const showSummary = () => requestAnimationFrame(() => summary.current?.focus());

  /** Checks everything, then runs `send`; an ApiError with a field goes to that field. */
  const submit = async (send: (values: V) => Promise<void>) => {
    const problems = problemsOf(values);
    setFormError(undefined);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      showSummary();
      return;
    }
    setSubmitting(true);
    try {
      await send(values);
    } catch (error) {
      if (error instanceof ApiError && error.field && error.field in values) {
        setErrors({ [error.field]: { text: errorText(error) } });
      } else {
        setFormError(errorText(error instanceof ApiError ? error : undefined));
      }
      showSummary();
    } finally {
      setSubmitting(false);
    }
  };

  return { values, errors, formError, submitting, set, blur, submit, summary };
}

export function useFieldErrorText() {
  const { t } = useTranslation();
  return (error: FieldError | undefined): string | undefined =>
    error ? ('text' in error ? error.text : t(`errors.${error.problem}`)) : undefined;
}

/** The list of problems at the top of a form, each linking to its field; it takes focus on submit. */
export function ErrorSummary({
  errors,
  formError,
  labels,
  summaryRef,
}: {
  errors: Partial<Record<string, FieldError>>;
  formError: string | undefined;
  labels: Record<string, string>;
  summaryRef: React.RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  const text = useFieldErrorText();
  const entries = Object.entries(errors).filter((entry): entry is [string, FieldError] => entry[1] !== undefined);
  const count = entries.length + (formError ? 1 : 0);
  return (
    <div ref={summaryRef} tabIndex={-1} className={count > 0 ? 'error-summary' : 'visually-hidden'} role="alert">
      {count > 0 ? (
        <>
          <p className="notice-title">{t('forms.problems', { count })}</p>
          <ul>
            {formError ? <li>{formError}</li> : null}
            {entries.map(([name, error]) => (
              <li key={name}>
                <a href={`#${fieldId(name)}`}>
                  {labels[name] ?? name}: {text(error)}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: FieldError | undefined;
  required?: boolean;
  children: (input: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
    required?: boolean;
  }) => ReactNode;
  after?: ReactNode;
};

/** A labelled field: label, hint, the input (given its accessible wiring), and its error under it. */
export function Field({ name, label, hint, error, required, children, after }: FieldProps) {
  const { t } = useTranslation();
  const text = useFieldErrorText();
  const id = fieldId(name);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="optional"> {t('forms.optional')}</span>}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {text(error)}
        </p>
      ) : null}
      {children({
        id,
        name,
        'aria-invalid': Boolean(error),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(required ? { required: true } : {}),
      })}
      {after}
    </div>
  );
}
