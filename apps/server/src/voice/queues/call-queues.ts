import { newId } from '../../platform/db/ids';
import type { CallAudio, CallContext } from '../verbs/call-context';

/** What the dequeuing side hands the waiting caller: who took it, and when the bridge ends. */
export type Dequeued = { agentCallId: string; done: Promise<void> };

export type QueueMember = {
  callId: string;
  from: string;
  enqueuedAt: Date;
  call: CallContext;
  audio: CallAudio;
  /** The law the caller sends (learned while on hold), for the bridge. */
  payloadType?: number;
  /** Called by Dial Queue when it takes this caller: hold stops, the bridge starts. */
  dequeue(bridge: Dequeued): void;
};

export type CallQueue = {
  id: string;
  tenantId: string;
  name: string;
  createdAt: Date;
  /** Waiting callers, longest-waiting first (FIFO). */
  members: QueueMember[];
};

/**
 * The call queues of this voice node, by tenant and name: they hold the callers this node carries
 * (docs/voice.md "Conferences and queues across voice nodes"). A queue stays listed once used.
 */
const queues = new Map<string, CallQueue>();
const keyOf = (tenantId: string, name: string) => `${tenantId}\u0000${name}`;

export function openQueue(tenantId: string, name: string): CallQueue {
  const key = keyOf(tenantId, name);
  let queue = queues.get(key);
  if (!queue) {
    queue = { id: newId('que'), tenantId, name, createdAt: new Date(), members: [] };
    queues.set(key, queue);
  }
  return queue;
}

export function leaveQueue(queue: CallQueue, callId: string): void {
  queue.members = queue.members.filter((member) => member.callId !== callId);
}

/** Takes the longest-waiting caller out of the queue (none when it is empty or unknown). */
export function takeLongestWaiting(tenantId: string, name: string): QueueMember | undefined {
  return queues.get(keyOf(tenantId, name))?.members.shift();
}

export function listQueues(tenantId: string): CallQueue[] {
  return [...queues.values()]
    .filter((queue) => queue.tenantId === tenantId)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function findQueue(tenantId: string, idOrName: string): CallQueue | undefined {
  return queues.get(keyOf(tenantId, idOrName)) ?? listQueues(tenantId).find((queue) => queue.id === idOrName);
}

/** Seconds each waiting caller has waited, and their average (0 for an empty queue). */
export function waitSeconds(queue: CallQueue, now = Date.now()): { waits: number[]; average: number } {
  const waits = queue.members.map((member) => Math.floor((now - member.enqueuedAt.getTime()) / 1000));
  const average = waits.length === 0 ? 0 : Math.round(waits.reduce((a, b) => a + b, 0) / waits.length);
  return { waits, average };
}
