export type Issue = { code: string; message: string; field?: string };
export type Verdict = { valid: boolean; errors: Issue[]; warnings: Issue[] };

export function issue(code: string, message: string, field?: string): Issue {
  return field === undefined ? { code, message } : { code, message, field };
}

export function verdict(errors: Issue[], warnings: Issue[] = []): Verdict {
  return { valid: errors.length === 0, errors, warnings };
}
