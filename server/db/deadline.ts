/**
 * Rejects with `message` when `promise` has not settled within `ms`. For database calls that must not
 * wait forever: postgres.js can leave a query pending for good when its connection dies at the wrong
 * moment (see lazy-reservation.ts and patches/postgres+3.4.9.patch), and a room waiting on it would stop
 * storing, catching up or loading.
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
