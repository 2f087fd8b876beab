/**
 * Limits of the live collaboration protocol, shared by the server (which enforces them) and the client
 * (which stays under them). Changing one is a protocol change: both sides read them from here.
 */

/**
 * Largest websocket message either side accepts, in bytes; the server closes with 1009 above it.
 *
 * Why 8 MiB: a client's sync step 2 (its whole state, sent when it reconnects with offline edits) must
 * fit, and so must the server's full state for a new client: a board of 1,000 ideas encodes to a few
 * hundred KiB, so 8 MiB leaves ample room for large boards. It must also be larger than the biggest
 * update that validation is expected to REPAIR rather than refuse outright: an idea whose text is 5 MB
 * (far above the schema's 500 characters) has to reach validation, which removes the record and tells
 * the sender, so that client's later edits still land. Closing the socket instead would make the
 * unmodified y-websocket provider resend the same update forever (y-websocket issue 189). What stays
 * bounded is memory: one message at a time per connection, 8 MiB each.
 */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/** Largest JSON state one client may publish in awareness (cursor, name, colour, selection, viewport). */
export const MAX_AWARENESS_STATE_BYTES = 16 * 1024

/** Awareness client ids one connection may speak for (a tab has one; a few for reconnect churn). */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4

/**
 * Message rate per connection: a token bucket of `burst` messages refilled at `perSecond`. A client over
 * the rate is not disconnected and nothing it sent is dropped: the server stops reading its socket until
 * the bucket refills (TCP backpressure), so a flood slows down only the flooder.
 */
export const MESSAGE_RATE = { perSecond: 200, burst: 400 } as const

/**
 * Open live connections per account on one server instance; 429 above it (a facilitator may have the
 * board, the projection screen and a few tabs open on several devices).
 */
export const MAX_CONNECTIONS_PER_USER = 16

/**
 * Open live connections per guest (a join or observer code) on one instance: a phone and a laptop, with
 * room for reconnections. Lower than an account's, since a guest seat costs nothing to get.
 */
export const MAX_CONNECTIONS_PER_GUEST = 6

/**
 * Open live connections per source address on one instance, all boards together (the operator can raise
 * it with KENLABOUR_MAX_CONNECTIONS_PER_ADDRESS when a whole hall sits behind one address). Below the
 * board cap, so that one address cannot fill a board by joining as many guests.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 500

/** Open live connections of guests admitted by a board's observer code (projection, public viewers). */
export const MAX_OBSERVER_CONNECTIONS_PER_BOARD = 300

/** Places of a board kept for its facilitators: everyone else is refused this many places earlier. */
export const FACILITATOR_RESERVE = 50

/**
 * Open live connections per board on one server instance; 429 above it. A room of 1,000 participants is
 * the product's target (issue 6) and must fit on one instance, with room for facilitators, projection
 * screens and the overlap of reconnections.
 */
export const MAX_CONNECTIONS_PER_BOARD = 1_200

/** Longest close reason the websocket protocol carries (123 bytes of UTF-8). */
export const MAX_CLOSE_REASON_BYTES = 123

/** Idea cards one board holds at most (shared and private); new ones are refused above it. */
export const MAX_IDEAS_PER_BOARD = 5_000

/**
 * New ideas one participant may post per minute, on the live channel and over HTTP together (a sliding
 * minute, counted by the instance that holds the board). Facilitators are not limited (pasting a
 * workshop's worth of cards is their job).
 */
export const IDEAS_PER_PARTICIPANT_PER_MINUTE = 30

/** Largest image a facilitator may upload to a board (PNG, JPEG or WebP, checked by content). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024
