/**
 * Which of other people's new ideas to announce to a screen reader, and when. An idea drawn on the
 * canvas is created empty and then typed letter by letter, each letter a live update: announcing on
 * every change would read out every keystroke of everyone in the room. So an idea is announced once,
 * when its text is not empty and has not changed between two ticks of the page's timer; ideas that were
 * there when the page opened, and the reader's own, are never announced. Pure: the page owns the timer.
 */

/** What the announcer reads of an idea. */
export interface AnnouncedIdea {
  id: string
  text: string
  mine: boolean
}

export class NewIdeaAnnouncer<T extends AnnouncedIdea = AnnouncedIdea> {
  /** Ideas never (again) to announce: present at the start, the reader's own, or already announced. */
  readonly #known = new Set<string>()
  /** Ideas waiting for their text to settle: id → text seen at the last tick. */
  readonly #pending = new Map<string, string>()
  #seeded = false

  /** True once `seed` ran: the ideas present when the page opened are known. */
  get seeded(): boolean {
    return this.#seeded
  }

  /** Marks every idea present now as known (the board as it was when the page opened). */
  seed(ideas: Iterable<T>): void {
    for (const idea of ideas) this.#known.add(idea.id)
    this.#seeded = true
  }

  /** Marks one idea as known (the reader just posted it). */
  know(id: string): void {
    this.#known.add(id)
  }

  /**
   * One tick: returns the ideas to announce now, and whether another tick is needed (some new idea's
   * text has yet to settle).
   */
  tick(ideas: Iterable<T>): { announce: T[]; again: boolean } {
    const announce: T[] = []
    const present = new Set<string>()
    for (const idea of ideas) {
      present.add(idea.id)
      if (this.#known.has(idea.id)) continue
      if (idea.mine) {
        this.#known.add(idea.id)
        continue
      }
      const text = idea.text.trim()
      if (!text) {
        this.#pending.delete(idea.id)
        continue
      }
      if (this.#pending.get(idea.id) === text) {
        announce.push(idea)
        this.#known.add(idea.id)
        this.#pending.delete(idea.id)
      } else this.#pending.set(idea.id, text)
    }
    for (const id of this.#pending.keys()) if (!present.has(id)) this.#pending.delete(id)
    return { announce, again: this.#pending.size > 0 }
  }
}
