/** Calendar days (YYYY-MM-DD) in UTC: expiry and inactivity are counted in whole days. */

export function addMonths(day: string, months: number): string {
  const [year, month, date] = parseDay(day);
  const targetMonth = month - 1 + months;
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, targetMonth, Math.min(date, lastDay))).toISOString().slice(0, 10);
}

/** Whole days from `now` to the start of `day` (UTC); negative once it has passed. */
export function daysUntil(day: string, now: number): number {
  const [year, month, date] = parseDay(day);
  const today = new Date(now);
  const startOfToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((Date.UTC(year, month - 1, date) - startOfToday) / 86_400_000);
}

export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, date] = value.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, date));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
}

export function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function parseDay(day: string): [number, number, number] {
  if (!isDay(day)) throw new Error(`"${day}" is not a date (YYYY-MM-DD).`);
  return day.split('-').map(Number) as [number, number, number];
}

export function addDays(day: string, days: number): string {
  const [year, month, date] = parseDay(day);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
