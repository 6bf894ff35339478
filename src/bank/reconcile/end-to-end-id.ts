/**
 * The end-to-end id Hado writes on each transfer of a division names the obligation it pays (`HADO-O<id>`, see
 * `endToEndIdOf` in claims), so the bank's report of the debit ties back to it. The same rule for SQL: its one
 * group is the obligation id, read with `substring(end_to_end_id from pattern)`.
 */
export const obligationEndToEndPattern = '^HADO-O([1-9][0-9]{0,17})$';
