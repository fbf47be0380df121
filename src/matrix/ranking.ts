/**
 * The score of a hit: one documented sum of named features, each in [0, 1] and
 * multiplied by its weight, plus the weighted playbook boost. Features the request
 * did not ask for are 0 for every worker, so they do not change the order.
 *
 *   score = similarity       x 1.0   cosine similarity of profile and query embeddings
 *         + role             x 1.0   the worker's role is the understood role (or a synonym)
 *         + place            x 1.5   1 in the named city; else d = 1 / (1 + miles / 25) (0.5 at
 *                                    25 miles, 0.2 at 100), in the named state d + 0.2 (1 - d)
 *         + certifications   x 0.6   share of the asked certifications held
 *         + shifts           x 0.5   share of the asked shifts the worker is available for
 *         + skills           x 0.4   share of the asked skills held
 *         + lexical          x 0.5   share of the unmatched words found in name and summary
 *         + rating           x 0.05  rating / 5: only orders otherwise equal workers
 *         + playbook boost   x 10    (playbooks.ts: 1.0 for the workers recorded last for this
 *                                    very request, under 1/3 for anyone else): a lead of more than
 *                                    6.6, more than the features above can separate two workers by
 *                                    (5.55 with similarity): what worked last comes back on top
 *
 * Why these weights (bench/relevance.ts, docs/decisions.md): role and place carry what
 * a coordinator cannot do without; certifications and shifts order the workers who
 * have both. Place outweighs certifications + shifts (1.1) so that a worker 900 miles
 * away with everything does not outrank a local one without them; similarity (0.2-0.6
 * between hash embeddings of a request and a profile) sorts the rest, and is all there
 * is for a request nothing was understood in.
 */
export const WEIGHTS = {
  similarity: 1.0,
  role: 1.0,
  place: 1.5,
  certifications: 0.6,
  shifts: 0.5,
  skills: 0.4,
  lexical: 0.5,
  rating: 0.05,
} as const;

/** Multiplies the playbook boost (playbooks.ts) in the score; `playbook_boost` in a hit is the boost itself. */
export const PLAYBOOK_WEIGHT = 10;

/** Miles at which the place feature halves. */
export const PLACE_HALF_MILES = 25;
/** Share of the distance gap the named state closes: the state before places as far across its line, distance still ordering within it. */
export const SAME_STATE_PLACE = 0.2;
