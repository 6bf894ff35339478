/**
 * Limits of the reports capability (issue 10), named as in src/kernel/limits.ts (the lead may fold them in).
 * Each says why it is the size it is.
 */

/** A report's free text: a few paragraphs of what happened; the limit every text field in Hado has. */
export const reportTextLengthMax = 2_000;
/** Reports one phone (or one reporter) may make in a day through Hado: a real case needs one or two. */
export const reportsPerPhonePerDayMax = 5;
export const reportRateWindowMs = 24 * 60 * 60_000;
/** Attachments on one report, and the size of each: a scanned invoice or a phone photo. */
export const reportAttachmentsMax = 3;
export const reportAttachmentBytesMax = 2 * 1024 * 1024;
/** Base64 text of one attachment: four characters per three bytes. */
export const reportAttachmentBase64LengthMax = Math.ceil(reportAttachmentBytesMax / 3) * 4;
/** The intake request: its attachments in base64 plus the text, with room for the JSON around them. */
export const reportRequestBytesMax = reportAttachmentsMax * reportAttachmentBase64LengthMax + 64 * 1024;
/** Obligations and findings linked to one report: the reporter's on one contract. */
export const reportMatchesMax = 200;
/** Rows in one CSV of outside counts: ten years of months for a few hundred agencies. */
export const reportCountRowsMax = 50_000;
/** The CSV text itself (sent inside JSON). */
export const reportCountCsvLengthMax = 4 * 1024 * 1024;
/** Errors listed for one import; the rest are counted. */
export const reportCountErrorsMax = 1_000;
/** Contracts or reports in one monthly count: far above any agency. */
export const reportMonthlyCountMax = 1_000_000;
/** The longest statistics period: ten years (and its comparison year before it). */
export const reportStatisticsDaysMax = 3_660;
/**
 * A rate per 100 contracts over fewer contracts than this is not shown (numerator and denominator are): one
 * contract with two reports is not "200 reports per 100 contracts".
 */
export const reportRateContractsMin = 20;
