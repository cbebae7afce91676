/**
 * A Request or Response that counts how often its body is asked for: on the Node.js server, asking for a
 * body builds the web objects around it, which the hot path of a request must not do for nothing.
 */
export function watchBody<T extends Request | Response>(target: T): { target: T; opened: () => number } {
  let opened = 0;
  const body = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(target), 'body')?.get;
  Object.defineProperty(target, 'body', {
    get() {
      opened++;
      return body?.call(target);
    },
  });
  return { target, opened: () => opened };
}
