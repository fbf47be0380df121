import pg from 'pg';

export interface TopStatement {
  calls: number;
  meanMs: number;
  totalS: number;
  rows: number;
  query: string;
}

/**
 * PostgreSQL's own account of the run: pg_stat_statements is reset when the load starts and its
 * top statements by total time are read when it ends. A database without the extension (it must
 * be in shared_preload_libraries; scripts/postgres-setup.sh puts it there) gives a reason instead.
 */
export async function statementsProbe(url: string): Promise<{ finish(): Promise<TopStatement[] | string> }> {
  const client = new pg.Client({ connectionString: url, application_name: 'staffing-matrix-loadtest' });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  } catch (err) {
    await client.end();
    const reason = `pg_stat_statements unavailable: ${(err as Error).message}`;
    return { finish: async () => reason };
  }
  return {
    async finish() {
      try {
        const { rows } = await client.query<TopStatement>(`SELECT calls::int, round(mean_exec_time::numeric, 3)::float8 AS "meanMs",
            round((total_exec_time / 1000)::numeric, 2)::float8 AS "totalS", rows::int,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
          FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          ORDER BY total_exec_time DESC LIMIT 12`);
        return rows;
      } finally {
        await client.end();
      }
    },
  };
}
