import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/open.ts';
import type { CorpusTerms } from './vocabulary.ts';

type Counted = { value: string; count: number };

/**
 * Roles, places, certifications and skills of the whole corpus with how many workers
 * hold each, in one scan of the table (the CTE reads the narrow columns once; four
 * separate GROUP BYs each read the 3 KB rows again).
 */
export async function corpusTerms(db: Executor): Promise<CorpusTerms> {
  const [row] = await rowsOf<{
    roles: Counted[] | null;
    places: CorpusTerms['places'] | null;
    certifications: Counted[] | null;
    skills: Counted[] | null;
  }>(
    db,
    sql`
    WITH w AS MATERIALIZED (SELECT role, city, state, skills, certifications FROM workers)
    SELECT
      (SELECT json_agg(json_build_object('value', role, 'count', n)) FROM (SELECT role, count(*) AS n FROM w GROUP BY role) r) AS roles,
      (SELECT json_agg(json_build_object('city', city, 'state', state, 'count', n)) FROM (SELECT city, state, count(*) AS n FROM w GROUP BY city, state) p) AS places,
      (SELECT json_agg(json_build_object('value', t, 'count', n)) FROM (SELECT t, count(*) AS n FROM w, unnest(certifications) t GROUP BY t) c) AS certifications,
      (SELECT json_agg(json_build_object('value', t, 'count', n)) FROM (SELECT t, count(*) AS n FROM w, unnest(skills) t GROUP BY t) s) AS skills`,
  );
  return { roles: row.roles ?? [], places: row.places ?? [], certifications: row.certifications ?? [], skills: row.skills ?? [] };
}
