import { newId } from '../../platform/db/ids';
import { createG711Mixer, FRAME_SAMPLES, type G711Mixer, type MixerLeg } from './g711-mixer';

/**
 * Conference rooms of this voice node, by tenant and name. Rooms live in the memory of the node
 * whose mixer carries them (docs/voice.md "Conferences and queues across voice nodes"); the API
 * reads them from here on the node that has the voice role.
 */
export type Participant = {
  callId: string;
  from: string;
  joinedAt: Date;
  leg: MixerLeg;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  /** Takes the participant out of the room (kick, room ended): its Dial returns. */
  leave(reason: 'kicked' | 'ended'): void;
};

export type Room = {
  id: string;
  tenantId: string;
  name: string;
  createdAt: Date;
  startedAt: Date | null;
  mixer: G711Mixer;
  participants: Map<string, Participant>;
};

/** The most legs one room takes: the mixer was measured up to 10 (bench/conference). */
export const MAX_PARTICIPANTS = 10;

const rooms = new Map<string, Room>();
const keyOf = (tenantId: string, name: string) => `${tenantId}\u0000${name}`;

/** A 1 kHz, 150 ms beep at -12 dBFS: what every participant hears when someone joins. */
const BEEP = Int16Array.from({ length: (FRAME_SAMPLES * 15) / 2 }, (_, i) =>
  Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)),
);

export class RoomFullError extends Error {}

/** The tenant's room called `name`, created on first use (its clock starts with a participant). */
export function openRoom(tenantId: string, name: string): Room {
  const key = keyOf(tenantId, name);
  let room = rooms.get(key);
  if (!room) {
    room = {
      id: newId('cnf'),
      tenantId,
      name,
      createdAt: new Date(),
      startedAt: null,
      mixer: createG711Mixer(),
      participants: new Map(),
    };
    room.mixer.setActive(false);
    rooms.set(key, room);
  }
  return room;
}

export function addParticipant(
  room: Room,
  participant: Omit<Participant, 'joinedAt'>,
  options: { beep: boolean },
): Participant {
  if (room.participants.size >= MAX_PARTICIPANTS)
    throw new RoomFullError(`conference ${room.name} is full (${MAX_PARTICIPANTS} participants)`);
  const joined = { ...participant, joinedAt: new Date() };
  room.participants.set(joined.callId, joined);
  room.mixer.start(); // idempotent: the room's clock runs from its first participant
  if (joined.startConferenceOnEnter && !room.startedAt) {
    room.startedAt = new Date();
    room.mixer.setActive(true);
  }
  if (options.beep && room.startedAt) room.mixer.inject(BEEP);
  return joined;
}

/** Takes a participant out; the room ends when its last one leaves or an endConferenceOnExit one does. */
export function removeParticipant(room: Room, callId: string): void {
  const participant = room.participants.get(callId);
  if (!participant) return;
  room.participants.delete(callId);
  participant.leg.remove();
  if (participant.endConferenceOnExit) endRoom(room);
  else if (room.participants.size === 0) closeRoom(room);
}

/** Ends the conference: every participant leaves (their Dial goes on to its action). */
export function endRoom(room: Room): void {
  for (const participant of [...room.participants.values()]) {
    room.participants.delete(participant.callId);
    participant.leg.remove();
    participant.leave('ended');
  }
  closeRoom(room);
}

function closeRoom(room: Room): void {
  room.mixer.stop();
  if (rooms.get(keyOf(room.tenantId, room.name)) === room) rooms.delete(keyOf(room.tenantId, room.name));
}

/** The tenant's active rooms, oldest first. */
export function listRooms(tenantId: string): Room[] {
  return [...rooms.values()]
    .filter((room) => room.tenantId === tenantId)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** A tenant's room by its id (`cnf_…`) or its name. */
export function findRoom(tenantId: string, idOrName: string): Room | undefined {
  return rooms.get(keyOf(tenantId, idOrName)) ?? listRooms(tenantId).find((room) => room.id === idOrName);
}
