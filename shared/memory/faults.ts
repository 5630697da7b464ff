/**
 * What the HTTP adapters raise when a system kept throttling (HTTP 429) after every retry: fakes throw it to
 * script a throttle. Shaped like shared/http's ThrottledError without depending on HTTP code.
 */
export function throttled(system: 'walmart' | 'peoplesoft', endpoint: string, retryAfterMs = 1000): Error {
  const e = new Error(`${system} kept throttling ${endpoint} (HTTP 429) after every retry; try again later`);
  e.name = 'ThrottledError';
  Object.assign(e, { system, endpoint, retryAfterMs });
  return e;
}
