import type { Strings } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();
const formatter = (lang: string, options: Intl.DateTimeFormatOptions) => {
  const key = lang + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lang, options)));
  return f;
};

export const formatTime = (time: number, lang: string): string =>
  formatter(lang, { hour: '2-digit', minute: '2-digit' }).format(time);

/** The local calendar day of `time`, e.g. "Tue Mar 05 2024": equal for times on the same day. */
export const dayKey = (time: number): string => new Date(time).toDateString();

/** "Today", "Yesterday", or a date the visitor's language writes naturally. */
export function formatDay(time: number, lang: string, t: Strings, now = Date.now()): string {
  if (dayKey(time) === dayKey(now)) return t.today;
  if (dayKey(time) === dayKey(now - 86_400_000)) return t.yesterday;
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return formatter(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: sameYear ? undefined : 'numeric',
  }).format(time);
}
