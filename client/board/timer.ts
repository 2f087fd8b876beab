import { atom } from '@tldraw/state'

/**
 * The workshop timer runs on server time: meta.workshop.timer.endsAt is the server's epoch ms at which
 * it reaches zero, so every screen shows the same countdown and a reload finds it where it was. Each
 * client only needs how far its own clock is from the server's.
 */

/** Server clock minus this clock, in ms. */
export const serverOffset = atom('server clock offset', 0)

/** The server's time now, as well as this client knows it. */
export function serverNow(): number {
  return Date.now() + serverOffset.get()
}

/**
 * Estimates the offset from the `Date` header of a few API answers. The header has a one-second
 * resolution, so the estimate is only trusted when it says the clocks differ by more than that:
 * a screen several seconds (or minutes) off still shows the right countdown; machines in sync keep 0.
 */
export async function measureServerOffset(url = '/api/health'): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < 3; i++) {
    const sent = Date.now()
    const response = await fetch(url, { cache: 'no-store' }).catch(() => null)
    const received = Date.now()
    const header = response?.headers.get('date')
    if (!header) continue
    // The server's second started somewhere in [date, date + 1000): take the middle.
    const server = Date.parse(header) + 500
    samples.push(server - (sent + received) / 2)
  }
  if (samples.length === 0) return serverOffset.get()
  samples.sort((a, b) => a - b)
  const median = samples[Math.floor(samples.length / 2)]!
  const offset = Math.abs(median) > 1500 ? Math.round(median) : 0
  serverOffset.set(offset)
  return offset
}

/** `mm:ss` (or `h:mm:ss` from an hour), rounding up so 0:00 shows only when the time is really up. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const mm = String(minutes).padStart(hours ? 2 : 1, '0')
  const ss = String(seconds).padStart(2, '0')
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`
}

/** A soft two-note chime (Web Audio), for the end of the timer. Silent where audio is unavailable. */
export function playChime(): void {
  const AudioContextClass =
    globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!AudioContextClass) return
  try {
    const context = new AudioContextClass()
    const start = context.currentTime
    for (const [i, frequency] of [660, 880].entries()) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      oscillator.type = 'sine'
      oscillator.frequency.value = frequency
      const t0 = start + i * 0.35
      gain.gain.setValueAtTime(0.0001, t0)
      gain.gain.exponentialRampToValueAtTime(0.15, t0 + 0.05)
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.9)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(t0)
      oscillator.stop(t0 + 1)
    }
    setTimeout(() => void context.close(), 2000)
  } catch {
    // Autoplay policies may refuse audio before the user touched the page: the visual end is enough.
  }
}
