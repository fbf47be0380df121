/** `span`: where in the field the finding is (UTF-16 offsets, end exclusive), when it is one stretch of text. */
export type Issue = { code: string; message: string; field?: string; span?: { start: number; end: number } };
export type Verdict = { valid: boolean; errors: Issue[]; warnings: Issue[] };

export function issue(code: string, message: string, field?: string): Issue {
  return field === undefined ? { code, message } : { code, message, field };
}

export function verdict(errors: Issue[], warnings: Issue[] = []): Verdict {
  return { valid: errors.length === 0, errors, warnings };
}
