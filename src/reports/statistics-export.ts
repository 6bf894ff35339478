import ExcelJS from 'exceljs';
import type { Change, Rate } from './report-figures.ts';
import type { PeriodFigures, ReportStatistics } from './report-statistics.ts';

/**
 * The impact statistics as a table for CSV and XLSX: one row per figure with the period, the same period a year
 * earlier and the change. Aggregates only: an export never carries a name, a phone or a single report.
 */
type Locale = 'ko' | 'en';
type Cell = string | number | null;

const labels = {
  metric: { ko: '항목', en: 'Figure' },
  current: { ko: '기간', en: 'Period' },
  previous: { ko: '전년 동기', en: 'Same period a year earlier' },
  change: { ko: '증감', en: 'Change' },
  changePercent: { ko: '증감률(%)', en: 'Change (%)' },
  total: { ko: '신고 건수', en: 'Reports' },
  non_payment: { ko: '미지급 신고', en: 'Non-payment reports' },
  late_payment: { ko: '지연지급 신고', en: 'Late-payment reports' },
  channel: { ko: '접수 경로', en: 'Channel' },
  reporter: { ko: '신고인', en: 'Reporter' },
  outcome: { ko: '처리 결과', en: 'Outcome' },
  agenciesOnHado: { ko: 'Hado 사용 기관: 계약 100건당 신고', en: 'Agencies on Hado: reports per 100 contracts' },
  agenciesNotOnHado: {
    ko: 'Hado 미사용 기관: 계약 100건당 신고',
    en: 'Agencies not on Hado: reports per 100 contracts',
  },
  contractsOnHado: { ko: 'Hado 등록 계약: 계약 100건당 신고', en: 'Contracts on Hado: reports per 100 contracts' },
  contractsNotOnHado: {
    ko: 'Hado 미등록 계약: 계약 100건당 신고',
    en: 'Contracts not on Hado: reports per 100 contracts',
  },
  contracts: { ko: '계약 수', en: 'contracts' },
  resolved: { ko: '처리 완료', en: 'Resolved' },
  open: { ko: '처리 중', en: 'Open' },
  meanDays: { ko: '처리 기간 평균(일)', en: 'Days to resolution, mean' },
  medianDays: { ko: '처리 기간 중앙값(일)', en: 'Days to resolution, median' },
  flagged: { ko: '신고 전 Hado가 이미 포착한 비율(%)', en: 'Share Hado had flagged before the report (%)' },
  from: { ko: '시작일', en: 'From' },
  to: { ko: '종료일', en: 'To' },
  month: { ko: '월', en: 'Month' },
  previousYear: { ko: '전년 같은 달', en: 'Same month a year earlier' },
  rounding: {
    ko: '증감률 = (기간 − 전년 동기) ÷ 전년 동기 × 100, 정수 연산 후 0.5는 0에서 먼 쪽으로 반올림. 100건당 비율과 평균은 소수 첫째 자리에서 반올림. docs/REPORTS.md 참조.',
    en: 'Change = (period − year earlier) ÷ year earlier × 100, computed on integers, halves rounded away from zero. Rates per 100 contracts and means to one decimal, halves up. See docs/REPORTS.md.',
  },
} as const;

const text = (key: keyof typeof labels, locale: Locale) => labels[key][locale];

const keyLabels: Record<string, { ko: string; en: string }> = {
  hado: { ko: 'Hado 신고', en: 'Made in Hado' },
  phone: { ko: '전화', en: 'Phone' },
  letter: { ko: '서면', en: 'Letter' },
  visit: { ko: '방문', en: 'Visit' },
  email: { ko: '이메일', en: 'E-mail' },
  other: { ko: '기타', en: 'Other' },
  imported: { ko: '외부 집계', en: 'Outside counts' },
  subcontractor: { ko: '하도급사', en: 'Subcontractor' },
  supplier: { ko: '자재·장비업자', en: 'Supplier' },
  worker: { ko: '근로자', en: 'Worker' },
  unrecorded: { ko: '미기록(외부 집계)', en: 'Not recorded (outside counts)' },
  paid: { ko: '지급 완료', en: 'Paid' },
  direct_payment: { ko: '직접지급 결정', en: 'Direct payment decided' },
  referred: { ko: '이관', en: 'Referred' },
  open: { ko: '처리 중', en: 'Open' },
};

export function statisticsTable(statistics: ReportStatistics, locale: Locale): { header: string[]; rows: Cell[][] } {
  const rows: Cell[][] = [];
  const changeCells = (change: Change): Cell[] => [change.difference, change.percentOneDecimal];
  const pair = (label: string, pick: (figures: PeriodFigures) => Cell, change?: Change) =>
    rows.push([
      label,
      pick(statistics.current),
      pick(statistics.previous),
      ...(change ? changeCells(change) : [null, null]),
    ]);
  pair(text('from', locale), (figures) => figures.from);
  pair(text('to', locale), (figures) => figures.to);
  pair(text('total', locale), (figures) => figures.total, statistics.change.total);
  pair(text('non_payment', locale), (figures) => figures.byKind.non_payment, statistics.change.non_payment);
  pair(text('late_payment', locale), (figures) => figures.byKind.late_payment, statistics.change.late_payment);
  for (const [group, key] of [
    ['channel', 'byChannel'],
    ['reporter', 'byReporter'],
    ['outcome', 'byOutcome'],
  ] as const) {
    for (const name of Object.keys(statistics.current[key])) {
      pair(
        `${text(group, locale)}: ${keyLabels[name]?.[locale] ?? name}`,
        (figures) => (figures[key] as Record<string, number>)[name] ?? 0,
      );
    }
  }
  for (const name of ['agenciesOnHado', 'agenciesNotOnHado', 'contractsOnHado', 'contractsNotOnHado'] as const) {
    const rate = (figures: PeriodFigures): Rate => figures.perHundredContracts[name];
    pair(text(name, locale), (figures) => rate(figures).per100Contracts);
    pair(`${text(name, locale)} (${text('total', locale)})`, (figures) => rate(figures).reports);
    pair(`${text(name, locale)} (${text('contracts', locale)})`, (figures) => rate(figures).contracts);
  }
  pair(text('resolved', locale), (figures) => figures.resolution.resolved);
  pair(text('open', locale), (figures) => figures.resolution.open);
  pair(text('meanDays', locale), (figures) => figures.resolution.meanDays);
  pair(text('medianDays', locale), (figures) => figures.resolution.medianDays);
  pair(text('flagged', locale), (figures) => figures.flaggedBefore.percent);
  return {
    header: [
      text('metric', locale),
      text('current', locale),
      text('previous', locale),
      text('change', locale),
      text('changePercent', locale),
    ],
    rows,
  };
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const raw = String(value);
  // A cell that a spreadsheet would read as a formula is quoted with a leading apostrophe (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(raw) && !/^-?\d+(\.\d+)?$/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** UTF-8 with a BOM, so Excel opens Korean text correctly; CRLF line ends as RFC 4180 says. */
export function statisticsCsv(statistics: ReportStatistics, locale: Locale): string {
  const { header, rows } = statisticsTable(statistics, locale);
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  lines.push('', `${text('month', locale)},${text('total', locale)},${text('previousYear', locale)}`);
  for (const month of statistics.monthly) lines.push(`${month.month},${month.reports},${month.previousYear}`);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function statisticsXlsx(statistics: ReportStatistics, locale: Locale): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Hado';
  const summary = workbook.addWorksheet(locale === 'ko' ? '통계' : 'Statistics');
  const { header, rows } = statisticsTable(statistics, locale);
  summary.addRow(header).font = { bold: true };
  for (const row of rows) summary.addRow(row);
  summary.getColumn(1).width = 48;
  for (const column of [2, 3, 4, 5]) summary.getColumn(column).width = 16;
  const monthly = workbook.addWorksheet(locale === 'ko' ? '월별' : 'Monthly');
  monthly.addRow([text('month', locale), text('total', locale), text('previousYear', locale)]).font = { bold: true };
  for (const month of statistics.monthly) monthly.addRow([month.month, month.reports, month.previousYear]);
  monthly.getColumn(1).width = 12;
  monthly.getColumn(3).width = 24;
  const notes = workbook.addWorksheet(locale === 'ko' ? '정의' : 'Definitions');
  notes.addRow([text('rounding', locale)]);
  notes.getColumn(1).width = 120;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
