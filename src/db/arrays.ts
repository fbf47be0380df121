/**
 * A text[] parameter in PostgreSQL's array literal form. Drizzle expands a JS
 * array in a sql template into a list of parameters, so arrays travel as one
 * literal (still a bound parameter, never spliced into the SQL text).
 */
export const textArray = (items: readonly string[]): string =>
  `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
