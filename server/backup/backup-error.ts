/**
 * A backup or a restore that cannot go on for a reason the operator can act on (a running server, a
 * store that is not empty, a missing program, a damaged backup): its message is printed as it is, and
 * the command exits with 1. Anything else is a bug or an outage, printed with its cause.
 */
export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'BackupError'
  }
}
