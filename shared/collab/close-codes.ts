/**
 * Websocket close codes of /collab/:boardId. The unmodified y-websocket provider (v3) stops reconnecting
 * on 4400–4499 (a decision reconnecting cannot fix) and reconnects with backoff on anything else, which
 * is why "try again later" failures are in 4500–4599. Every close carries a short human reason.
 */
export const CloseCode = {
  /** Standard: a message above MAX_MESSAGE_BYTES (sent by the websocket layer itself). */
  messageTooBig: 1009,
  /** Standard: the server is restarting (shutdown); reconnect. */
  serviceRestart: 1012,
  /** A message that does not follow the protocol (bad encoding, text frame, unknown type, bomb). */
  badMessage: 4400,
  /** The session ended (logout, expiry). */
  sessionEnded: 4401,
  /** Access to this board was removed (code revoked, member removed). */
  accessRevoked: 4403,
  /** The board no longer exists. */
  boardNotFound: 4404,
  /**
   * The board was deleted while open (its workshop or its council was deleted, on any instance): the
   * client should say so and not reconnect; a reconnection would be refused anyway (404, the row is gone).
   */
  boardDeleted: 4410,
  /** Awareness state above MAX_AWARENESS_STATE_BYTES or speaking for another client. */
  badAwareness: 4413,
  /** The board could not be loaded (storage down, or a corrupt stored row): try again later. */
  boardUnavailable: 4500,
} as const

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** True when the provider should not reconnect after this close (mirrors y-websocket's default). */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500
}
