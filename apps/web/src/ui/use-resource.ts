import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/api-error';

export type Resource<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

export interface UseResource<T> {
  resource: Resource<T>;
  /** Fetches again and keeps showing the current data meanwhile; rejects if the fetch fails. */
  reload: () => Promise<T>;
}

/** Loads data for a page; `key` changes (e.g. a new id in the URL) start a fresh load. */
export function useResource<T>(key: string, load: () => Promise<T>): UseResource<T> {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let current = true;
    setResource({ status: 'loading' });
    loadRef.current().then(
      (data) => {
        if (current) setResource({ status: 'ready', data });
      },
      (error: unknown) => {
        if (current) setResource({ status: 'error', message: messageOf(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [key]);

  const reload = useCallback(async () => {
    const data = await loadRef.current();
    setResource({ status: 'ready', data });
    return data;
  }, []);

  return { resource, reload };
}
