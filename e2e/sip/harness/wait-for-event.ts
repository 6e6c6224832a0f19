import type { EventEmitter } from 'node:events';

/** The next `name` event whose payload satisfies `match`, or a rejection after `timeoutMs`. */
export function waitForEvent<T>(
  emitter: EventEmitter,
  name: string,
  match: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onEvent = (value: T) => {
      if (!match(value)) return;
      clearTimeout(timer);
      emitter.off(name, onEvent);
      resolve(value);
    };
    const timer = setTimeout(() => {
      emitter.off(name, onEvent);
      reject(new Error(`no '${name}' event matching within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.on(name, onEvent);
  });
}
