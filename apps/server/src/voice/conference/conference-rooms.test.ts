import { describe, expect, it } from 'vitest';
import {
  addParticipant,
  findRoom,
  listRooms,
  MAX_PARTICIPANTS,
  openRoom,
  type Room,
  RoomFullError,
  removeParticipant,
} from './conference-rooms';

const join = (room: Room, callId: string, options: { start?: boolean; end?: boolean } = {}) => {
  const left: string[] = [];
  const leg = room.mixer.addLeg({ id: callId, send: () => {} });
  addParticipant(
    room,
    {
      callId,
      from: '+15550000000',
      leg,
      startConferenceOnEnter: options.start ?? true,
      endConferenceOnExit: options.end ?? false,
      leave: (reason) => left.push(reason),
    },
    { beep: true },
  );
  return left;
};

describe('conference rooms', () => {
  it('waits for a participant with startConferenceOnEnter, then closes with its last participant', () => {
    const tenant = `ten_rooms_${Math.random()}`;
    const room = openRoom(tenant, 'sales');
    join(room, 'call_a', { start: false });
    expect(room.startedAt).toBeNull();
    join(room, 'call_b');
    expect(room.startedAt).not.toBeNull();
    expect(findRoom(tenant, room.id)).toBe(room);
    expect(findRoom(tenant, 'sales')).toBe(room);
    expect(findRoom(`${tenant}x`, 'sales')).toBeUndefined();
    removeParticipant(room, 'call_a');
    removeParticipant(room, 'call_b');
    expect(listRooms(tenant)).toEqual([]);
  });

  it('ends the room for everyone when an endConferenceOnExit participant leaves', () => {
    const tenant = `ten_rooms_${Math.random()}`;
    const room = openRoom(tenant, 'board');
    const others = [join(room, 'call_1'), join(room, 'call_2')];
    join(room, 'call_chair', { end: true });
    removeParticipant(room, 'call_chair');
    expect(others).toEqual([['ended'], ['ended']]);
    expect(room.participants.size).toBe(0);
    expect(findRoom(tenant, 'board')).toBeUndefined();
  });

  it(`refuses participant ${MAX_PARTICIPANTS + 1}`, () => {
    const tenant = `ten_rooms_${Math.random()}`;
    const room = openRoom(tenant, 'all-hands');
    for (let i = 0; i < MAX_PARTICIPANTS; i += 1) join(room, `call_${i}`);
    expect(() => join(room, 'call_extra')).toThrow(RoomFullError);
    for (let i = 0; i < MAX_PARTICIPANTS; i += 1) removeParticipant(room, `call_${i}`);
    expect(listRooms(tenant)).toEqual([]);
  });
});
