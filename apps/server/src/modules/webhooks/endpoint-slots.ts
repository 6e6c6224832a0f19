/**
 * In-process slots per endpoint: deliveries of this worker wait here for their endpoint's cap
 * instead of going back to the queue. The database lease still enforces the cap across processes.
 */
export function createEndpointSlots() {
  const active = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();

  return {
    async acquire(endpointId: string, cap: number): Promise<void> {
      while ((active.get(endpointId) ?? 0) >= cap) {
        await new Promise<void>((resolve) =>
          waiting.set(endpointId, [...(waiting.get(endpointId) ?? []), resolve]),
        );
      }
      active.set(endpointId, (active.get(endpointId) ?? 0) + 1);
    },
    release(endpointId: string) {
      const left = (active.get(endpointId) ?? 1) - 1;
      if (left === 0) active.delete(endpointId);
      else active.set(endpointId, left);
      const queue = waiting.get(endpointId);
      const next = queue?.shift();
      if (queue && queue.length === 0) waiting.delete(endpointId);
      next?.();
    },
  };
}
export type EndpointSlots = ReturnType<typeof createEndpointSlots>;
