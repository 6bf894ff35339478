/** Today's civil date in Seoul (where every Hado deadline is counted), as `YYYY-MM-DD`. */
export function todayInSeoul(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Seoul',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}
