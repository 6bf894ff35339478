import { columnLabel } from './field-labels.ts';

/**
 * The pure half of list exports: which columns a list has (read from its response schema), and how one API
 * value becomes a CSV field or an XLSX cell. Money stays exact: won travel as decimal text and become XLSX
 * numbers only when a double holds them exactly; everything else is text.
 */
export type Locale = 'ko' | 'en';
export type ColumnKind = 'won' | 'integer' | 'boolean' | 'text';
export type Column = { readonly path: string; readonly kind: ColumnKind };

type JsonSchema = {
  type?: string | string[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** The pattern of `WonText` (src/http/schemas.ts): whole won as decimal text. */
const wonPattern = '^(0|[1-9][0-9]{0,17})$';

/** The non-null alternative of a nullable union, or the schema itself. */
function nonNull(schema: JsonSchema): JsonSchema {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return schema;
  const real = alternatives.filter((alternative) => alternative.type !== 'null');
  return real.length === 1 ? real[0]! : schema;
}

/** Columns of a list's item schema in the schema's order; a nested object's fields become `parent.child`. */
export function columnsOf(itemSchema: JsonSchema, prefix = ''): Column[] {
  const columns: Column[] = [];
  for (const [name, raw] of Object.entries(itemSchema.properties ?? {})) {
    const schema = nonNull(raw);
    const path = `${prefix}${name}`;
    if (schema.type === 'object' && schema.properties) {
      columns.push(...columnsOf(schema, `${path}.`));
      continue;
    }
    const kind: ColumnKind =
      schema.type === 'integer' || schema.type === 'number'
        ? 'integer'
        : schema.type === 'boolean'
          ? 'boolean'
          : schema.type === 'string' && (schema.pattern === wonPattern || /Won$/.test(name))
            ? 'won'
            : 'text';
    columns.push({ path, kind });
  }
  return columns;
}

export function headerOf(columns: readonly Column[], locale: Locale): string[] {
  return columns.map((column) => columnLabel(column.path, locale) ?? column.path);
}

function valueAt(item: unknown, path: string): unknown {
  let value: unknown = item;
  for (const part of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}

const yesNo = { ko: ['예', '아니오'], en: ['Yes', 'No'] } as const;

/** One value as text, the form a CSV field takes: exact, never rounded. */
export function textOf(value: unknown, kind: ColumnKind, locale: Locale): string {
  if (value === null || value === undefined) return '';
  if (kind === 'boolean' && typeof value === 'boolean') return yesNo[locale][value ? 0 : 1];
  if (Array.isArray(value)) return value.map((entry) => textOf(entry, 'text', locale)).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A CSV field; a text a spreadsheet would read as a formula gets a leading apostrophe (CSV injection). */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function csvRow(item: unknown, columns: readonly Column[], locale: Locale): string {
  return csvLine(columns.map((column) => textOf(valueAt(item, column.path), column.kind, locale)));
}

/** An XLSX cell: whole won and counts as numbers when a double holds them exactly, else as text. */
export type XlsxCell = string | number | null;

export function xlsxCell(value: unknown, kind: ColumnKind, locale: Locale): XlsxCell {
  const text = textOf(value, kind, locale);
  if (text === '') return null;
  if ((kind === 'won' || kind === 'integer') && /^-?(0|[1-9][0-9]*)$/.test(text)) {
    const exact = BigInt(text);
    const asNumber = Number(text);
    if (Number.isSafeInteger(asNumber) && BigInt(asNumber) === exact) return asNumber;
  }
  // A text cell is never a formula in XLSX, so no apostrophe is needed.
  return text;
}

export function xlsxRow(item: unknown, columns: readonly Column[], locale: Locale): XlsxCell[] {
  return columns.map((column) => xlsxCell(valueAt(item, column.path), column.kind, locale));
}

/** Korean won in a spreadsheet: thousands separators, no decimals. */
export const wonNumberFormat = '"₩"#,##0;-"₩"#,##0';

/**
 * `Content-Disposition` for a download: an ASCII fallback name and the real (Korean) name in RFC 5987 form.
 */
export function contentDisposition(asciiName: string, utf8Name: string): string {
  const fallback = asciiName.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(utf8Name).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
