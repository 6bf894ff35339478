/**
 * Splits CSV text into records of fields (RFC 4180: quotes may hold commas, newlines and doubled quotes; a BOM is
 * skipped; a record whose fields are all blank is left out). More than `rowsMax` records after the header stop
 * the reading with an error: an import has a limit, like everything else.
 */
export function parseCsvRecords(text: string, rowsMax: number): { records: string[][]; error: string | null } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (!record.every((value) => value.trim() === '')) records.push(record);
    record = [];
  };
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      endRecord();
      if (char === '\r' && text[index + 1] === '\n') index += 1;
    } else field += char;
    index += 1;
    if (records.length > rowsMax + 1) return { records, error: `more than ${rowsMax} rows` };
  }
  if (quoted) return { records, error: 'a quoted field is not closed' };
  if (field !== '' || record.length > 0) endRecord();
  return { records, error: null };
}
