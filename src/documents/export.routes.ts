import { PassThrough, Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { Locale as LocaleSchema } from '../http/schemas.ts';
import type { App, RouteModule } from '../http/server.ts';
import { assert } from '../kernel/assert.ts';
import { exportRowsMax, pageSizeMax } from '../kernel/limits.ts';
import { type ExportableList, exportableLists, exportPathOf } from './exportable-lists.ts';
import {
  type Column,
  columnsOf,
  contentDisposition,
  csvLine,
  csvRow,
  headerOf,
  type Locale,
  wonNumberFormat,
  xlsxRow,
} from './table-format.ts';

/**
 * Lists as CSV or XLSX (issue 7). One mechanism for every list: the export calls the list's own route in
 * process with the caller's own credentials, page after page with `after`, so the roles, filters, scoping and
 * masking are the list's own, never a second query that could drift. Columns come from the list's response
 * schema, headers from field-labels.ts. Both formats stream; at most `exportRowsMax` rows.
 *
 * Registered after every module whose lists it exports (it copies their declared roles at start).
 */
export const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    /** The headers' language when it differs from the request's (a download link from the web). */
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: true },
);

type ListShape = { readonly columns: readonly Column[]; readonly paged: boolean; readonly rows: string };

export const exportRoutes: RouteModule = (app, context) => {
  const shapes = new Map<string, ListShape>();
  /** The list's shape from the API description (built once the server is ready). */
  const shapeOf = (list: ExportableList): ListShape => {
    const cached = shapes.get(list.path);
    if (cached) return cached;
    const shape = listShape(app, list);
    shapes.set(list.path, shape);
    return shape;
  };

  for (const list of exportableLists) {
    const declared = app.declaredRoutes.find((route) => route.method === 'GET' && route.url === list.path);
    assert(declared, `export of ${list.path}: the list route is not registered before the documents module`);
    const paramNames = [...list.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
    app.get(
      exportPathOf(list.path),
      {
        config: { access: { roles: declared.roles } },
        schema: {
          tags: ['documents'],
          summary: `${list.path} as CSV or XLSX, with the list's filters, roles and scoping`,
          querystring: ExportQuery,
          ...(paramNames.length > 0
            ? { params: Type.Object(Object.fromEntries(paramNames.map((name) => [name, Type.String()]))) }
            : {}),
        },
      },
      async (request, reply) => {
        const query = request.query as { format: 'csv' | 'xlsx'; locale?: 'ko' | 'en' };
        const format = query.format;
        const locale = query.locale ?? request.locale;
        const shape = shapeOf(list);
        const params = request.params as Record<string, string>;
        const listUrl = list.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name]!));
        const filters = new URLSearchParams(request.raw.url?.split('?')[1] ?? '');
        filters.delete('format');
        filters.delete('locale');
        if (shape.paged) {
          filters.delete('after');
          filters.set('limit', String(pageSizeMax));
        }
        const fetchPage = async (after: string | null) => {
          const query = new URLSearchParams(filters);
          if (after !== null) query.set('after', after);
          const text = query.toString();
          return app.inject({
            method: 'GET',
            url: text ? `${listUrl}?${text}` : listUrl,
            headers: forwardedHeaders(request),
          });
        };
        const first = await fetchPage(null);
        if (first.statusCode !== 200) {
          // The list's own refusal (not found, a bad filter), as the list gave it.
          return reply.status(first.statusCode).type('application/json; charset=utf-8').send(first.body);
        }
        const rowsOf = (body: Record<string, unknown>) => (body[shape.rows] as unknown[] | undefined) ?? [];
        async function* items(): AsyncGenerator<unknown[]> {
          let page = first.json() as Record<string, unknown>;
          let count = 0;
          for (;;) {
            const all = rowsOf(page);
            const rows = all.slice(0, exportRowsMax - count);
            count += rows.length;
            yield rows;
            const next = shape.paged ? (page.nextAfter as string | null) : null;
            if (rows.length < all.length || (next !== null && count >= exportRowsMax)) {
              yield [truncated];
              return;
            }
            if (next === null) return;
            const response = await fetchPage(next);
            assert(response.statusCode === 200, `export page of ${listUrl}: ${response.statusCode}`);
            page = response.json() as Record<string, unknown>;
          }
        }
        const names = fileNames(list, params, context.clock.now(), format);
        reply.header('content-disposition', contentDisposition(names.ascii, names[locale]));
        reply.header('cache-control', 'no-store');
        if (format === 'csv') {
          reply.type('text/csv; charset=utf-8');
          return reply.send(Readable.from(csvChunks(items(), shape.columns, locale)));
        }
        reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        const stream = new PassThrough();
        writeXlsx(stream, items(), shape.columns, locale, list.file[locale]).catch((error: unknown) => {
          request.log.error({ err: error }, 'xlsx export failed');
          stream.destroy(error as Error);
        });
        return reply.send(stream);
      },
    );
  }
};

/** The caller's own credentials and language, so the list sees the same caller. */
function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['cookie', 'authorization', 'accept-language'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function listShape(app: App, list: ExportableList): ListShape {
  const openapiPath = list.path.replace(/:([A-Za-z]+)/g, '{$1}');
  const spec = app.swagger() as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
  const response = spec.paths[openapiPath]?.get?.responses?.['200'] as
    | { content?: Record<string, { schema?: { properties?: Record<string, { items?: object }> } }> }
    | undefined;
  const schema = response?.content?.['application/json']?.schema;
  const rows = list.rows ?? 'items';
  const item = schema?.properties?.[rows]?.items;
  assert(item, `export of ${list.path}: no ${rows} array in its response schema`);
  return { columns: columnsOf(item), paged: 'nextAfter' in (schema?.properties ?? {}), rows };
}

/** Marks the row where an export stopped at `exportRowsMax`. */
const truncated = Symbol('truncated');
const truncatedNote = {
  ko: `내보내기 한도(${exportRowsMax.toLocaleString('en')}행)에서 잘렸습니다. 조건을 좁혀 다시 내려받으세요.`,
  en: `Cut at the export limit of ${exportRowsMax.toLocaleString('en')} rows; narrow the filters and download again.`,
};

async function* csvChunks(
  pages: AsyncGenerator<unknown[]>,
  columns: readonly Column[],
  locale: Locale,
): AsyncGenerator<string> {
  // A BOM so Excel reads the UTF-8 Korean text; CRLF line ends as RFC 4180 says.
  yield `\uFEFF${csvLine(headerOf(columns, locale))}`;
  for await (const rows of pages) {
    let chunk = '';
    for (const row of rows)
      chunk += row === truncated ? csvLine([truncatedNote[locale]]) : csvRow(row, columns, locale);
    if (chunk) yield chunk;
  }
}

async function writeXlsx(
  stream: PassThrough,
  pages: AsyncGenerator<unknown[]>,
  columns: readonly Column[],
  locale: Locale,
  sheetName: string,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Hado';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headerOf(columns, locale).map((header, index) => ({
    header,
    key: String(index),
    width: Math.min(40, Math.max(10, header.length * 2 + 2)),
    ...(columns[index]!.kind === 'won' ? { style: { numFmt: wonNumberFormat } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let note: string | undefined;
  for await (const rows of pages) {
    for (const row of rows) {
      if (row === truncated) note = truncatedNote[locale];
      else sheet.addRow(xlsxRow(row, columns, locale)).commit();
    }
  }
  sheet.commit();
  if (note) {
    const notes = workbook.addWorksheet(locale === 'ko' ? '안내' : 'Notes');
    notes.addRow([note]).commit();
    notes.commit();
  }
  await workbook.commit();
}

/** `계약-1-하도급-2026-03-10.csv`, with an ASCII twin for old clients. */
function fileNames(list: ExportableList, params: Record<string, string>, now: Date, format: string) {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(now);
  const ids = Object.values(params)
    .map((value) => value.replace(/[^0-9A-Za-z-]/g, ''))
    .filter(Boolean);
  const name = (base: string) => [base, ...ids, day].join('-');
  return {
    ascii: `hado-${name(list.file.en)}.${format}`,
    ko: `${name(list.file.ko)}.${format}`,
    en: `hado-${name(list.file.en)}.${format}`,
  };
}
