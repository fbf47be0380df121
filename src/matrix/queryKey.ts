/**
 * The normal form of a query text: trimmed, each run of whitespace one space, lower case. The one
 * copy of this rule: search requests (and their cache key), the embedding cache and playbooks (the
 * stored `query_key` a replay matches on) all take it from here.
 */
export function queryKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
