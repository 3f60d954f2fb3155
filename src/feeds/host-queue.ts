import { setTimeout as sleep } from 'node:timers/promises';

/**
 * One request at a time per host, with a pause after each: a poll of many items from one outlet
 * never hammers it, while different hosts proceed in parallel.
 */
export interface HostQueue {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

export function createHostQueue(pauseMs: (host: string) => number): HostQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(host: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(host) ?? Promise.resolve();
      const result = previous.then(task);
      const pause = () => sleep(pauseMs(host));
      const tail = result.then(pause, pause);
      tails.set(host, tail);
      // Forget idle hosts so the map does not grow with every host ever fetched.
      void tail.then(() => {
        if (tails.get(host) === tail) tails.delete(host);
      });
      return result;
    },
  };
}
