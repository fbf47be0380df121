import { SQL, StringChunk } from 'drizzle-orm';

/**
 * A raw statement's text and parameters, composed here instead of by drizzle's general builder,
 * for the statements that are only text, nested `sql` fragments and plain values (every raw
 * statement of the search). Drizzle's `toQuery` checks each chunk against a dozen entity kinds
 * through the prototype chain and merges a result object per chunk: for the search's ranking
 * statement (1,900 characters, 38 parameters) it took 60-110 us per call where this walk takes
 * 8-16 us, the same text and parameters. Anything else in a statement (a column, a table, a
 * placeholder, inlined parameters) leaves it to drizzle unchanged.
 */
export function composed(query: SQL): SQL {
  if (query instanceof ComposedSQL) return query;
  const params: unknown[] = [];
  let text = '';
  const walk = (sql: SQL): boolean => {
    if ((sql as unknown as { shouldInlineParams: boolean }).shouldInlineParams) return false;
    for (const chunk of sql.queryChunks) {
      if (chunk instanceof StringChunk) text += chunk.value.join('');
      else if (chunk instanceof SQL) {
        if (!walk(chunk)) return false;
      } else if (isPlainValue(chunk)) {
        params.push(chunk);
        text += `$${params.length}`;
      } else if (chunk !== undefined) return false;
    }
    return true;
  };
  return walk(query) ? new ComposedSQL(query, text, params) : query;
}

// What drizzle itself sends as a parameter untouched (its last case), and node-postgres serialises.
const isPlainValue = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || Buffer.isBuffer(v);

/**
 * A statement already composed: drizzle's session asks it for its text and parameters and gets them
 * as they are. It keeps the source's chunks, so `new SQL(statement.queryChunks)` is drizzle's own.
 */
class ComposedSQL extends SQL {
  constructor(
    source: SQL,
    private readonly text: string,
    private readonly params: unknown[],
  ) {
    super(source.queryChunks);
  }

  override toQuery(): { sql: string; params: unknown[] } {
    return { sql: this.text, params: this.params };
  }
}
