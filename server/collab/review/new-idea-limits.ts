import type * as Y from 'yjs'
import { IDEAS_PER_PARTICIPANT_PER_MINUTE, MAX_IDEAS_PER_BOARD } from '../../../shared/collab/limits.ts'
import type { BoardContext } from '../board-context.ts'
import { ideaCount } from './idea-count.ts'
import { messages, type Refusal, refusal } from './refusals.ts'
import type { UpdateSender } from './update-sender.ts'

/**
 * The limits on new ideas within one update: MAX_IDEAS_PER_BOARD (ideas in the document and private
 * ones together) for everyone, and IDEAS_PER_PARTICIPANT_PER_MINUTE for participants (the context's
 * allowance, shared with the HTTP routes and the private channel).
 *
 * Once one idea of an update is over a limit, every later new idea of the same update is refused at
 * once, before its schema is checked: 5,000 cards in one message cost a few checks, not 5,000.
 */
export class NewIdeaLimits {
  readonly #doc: Y.Doc
  readonly #sender: UpdateSender
  readonly #context: BoardContext | undefined
  /** Ideas on the board before this update (document and private), read at the first new idea. */
  #base: number | undefined
  #accepted = 0
  #over: { code: 'board_full' | 'too_many_ideas'; message: string } | null = null

  constructor(doc: Y.Doc, sender: UpdateSender, context: BoardContext | undefined) {
    this.#doc = doc
    this.#sender = sender
    this.#context = context
  }

  /** The refusal of new idea `id` when an earlier idea of this update already hit a limit. */
  alreadyOver(id: string): Refusal | null {
    return this.#over ? refusal(id, this.#over.code, this.#over.message) : null
  }

  /**
   * Counts new idea `id` (otherwise accepted) against the limits: null when it fits, else the refusal.
   * Call last, once nothing else refuses the idea, so that a refused idea uses no allowance.
   */
  take(id: string): Refusal | null {
    const over = this.alreadyOver(id)
    if (over) return over
    this.#base ??= ideaCount(this.#doc).size + (this.#context?.privateIdeaCount() ?? 0)
    if (this.#base + this.#accepted >= MAX_IDEAS_PER_BOARD) {
      this.#over = { code: 'board_full', message: messages.boardFull(MAX_IDEAS_PER_BOARD) }
    } else if (
      this.#sender.role === 'participant' &&
      this.#context !== undefined &&
      !this.#context.takeIdeaAllowance(this.#sender.actorId)
    ) {
      this.#over = {
        code: 'too_many_ideas',
        message: messages.tooManyIdeas(IDEAS_PER_PARTICIPANT_PER_MINUTE),
      }
    } else {
      this.#accepted++
      return null
    }
    return refusal(id, this.#over.code, this.#over.message)
  }
}
