import type { WorkshopLiveState } from '../../../shared/workshop/live-state.ts'
import type { UpdateSender } from '../validation.ts'
import { type Client, createRoom } from '../validation-room.ts'

type Room = ReturnType<typeof createRoom>

/**
 * A validation room (`createRoom` with `live` and `options`) followed by one client per sender, joined
 * in the order given: `const [room, a, f] = roomWith([anne, facilitator])`.
 */
export function roomWith<const Senders extends readonly UpdateSender[]>(
  senders: Senders,
  live: Partial<WorkshopLiveState> = {},
  options: { ideasPerMinute?: number } = {},
): [Room, ...{ [K in keyof Senders]: Client }] {
  const room = createRoom(live, options)
  const clients = senders.map((sender) => room.join(sender)) as unknown as { [K in keyof Senders]: Client }
  return [room, ...clients]
}
