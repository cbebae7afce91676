/**
 * A page loaded on demand, in its own chunk: the pages of going live (the first page, registration,
 * the admin's) are off the first load, which must stay within its budget.
 */
import type { FunctionComponent } from 'preact';
import { Show, useLoad } from './ui.tsx';

export function lazyPage<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: Promise<FunctionComponent<P>> | undefined;
  return function LazyPage(props: P) {
    const component = useLoad(() => {
      loaded ??= load();
      return loaded.then((c) => ({ c }));
    }, []);
    return <Show load={component}>{({ c: C }) => <C {...props} />}</Show>;
  };
}
