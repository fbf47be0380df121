import { ids, searchAnswer } from './replies.ts';
import { type Env, ensure, post, type Workflow } from './workflow.ts';

const SEARCH = '/v1/matrix/search';

/** Search, then the same search excluding the first page: a second page of k, none repeated. */
export function* profileSwap(env: Env): Workflow {
  const query = env.queries.next();
  const firstReply = yield post('search', SEARCH, { query, k: env.k });
  const first = ids(searchAnswer(firstReply).hits);
  ensure(first.length === env.k, firstReply, `first list full (k=${env.k})`, `got ${first.length}`);
  const secondReply = yield post('search_excluding', SEARCH, { query, k: env.k, exclude_ids: first });
  const second = ids(searchAnswer(secondReply).hits);
  ensure(second.length === env.k, secondReply, `second list full (k=${env.k})`, `got ${second.length}`);
  const overlap = second.filter((id) => first.includes(id));
  ensure(overlap.length === 0, secondReply, 'no excluded id returned', `returned: ${overlap.join(', ')}`);
}

/**
 * The same search five times: the same ids in the same order, and calls 2-5 served from the result
 * cache. The cache is per instance: with several instances a call is expected to hit only on an
 * instance that has answered this search before (every instance gives the same ids).
 */
export function* repeatCache(env: Env): Workflow {
  const request = { query: env.queries.next(), k: env.k };
  const firstReply = yield post('search_1', SEARCH, request);
  const expected = ids(searchAnswer(firstReply).hits);
  ensure(expected.length > 0, firstReply, 'at least one result');
  const answered = new Set([firstReply.instance]);
  for (let call = 2; call <= 5; call++) {
    const reply = yield post(`search_${call}`, SEARCH, request);
    const answer = searchAnswer(reply);
    const got = ids(answer.hits);
    ensure(got.join() === expected.join(), reply, 'same ids as call 1', `call 1: ${expected.join(',')} / call ${call}: ${got.join(',')}`);
    if (answered.has(reply.instance))
      ensure(answer.resultsCache === 'hit', reply, 'cache.results == hit', `cache.results = ${answer.resultsCache}`);
    answered.add(reply.instance);
  }
}
