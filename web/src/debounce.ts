import { useEffect, useState } from 'preact/hooks';

/** The value once it has stopped changing for `ms`: validators run as the coordinator pauses, not per key. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [JSON.stringify(value), ms]);
  return settled;
}
