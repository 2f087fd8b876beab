import type * as Y from 'yjs'
import { meta, readVoteTotals } from '../../shared/board/document.ts'
import { ApiError } from '../app/api.ts'
import { putVote, readVotes } from '../app/ballot-api.ts'
import { liveState, myDotsLeft, myVotes, session, voteRefusal, voteTotals } from './board-state.ts'

/**
 * Dot voting on the canvas, over the secret ballot (board format v2, DESIGN.md "Secret ballot"): the
 * server keeps every person's dots; this page reads and sets only mine (GET and PUT
 * /api/boards/:boardId/votes), and sees totals only when the server gives them: a facilitator's GET
 * answer, or meta.voteTotals, which the server writes into the board once the vote is revealed.
 *
 * When to read again: when the server nudges over the personal channel (my dots changed in another tab;
 * for a facilitator, anyone's), and when the phase or the vote's settings change. Never polls.
 *
 * A click changes my dots at once on screen, and the PUTs go out one after another, each with the
 * count the clicks before it left, so quick clicks never send the same count twice. A refusal (the vote
 * closed meanwhile, no dot left) reads the ballot again and is shown for a while.
 */

interface Watched {
  boardId: string
  doc: Y.Doc
  /** PUTs in order. */
  queue: Promise<void>
  /** Bumped by each PUT and each read, so a read that a later write overtook is dropped. */
  version: number
  abort: AbortController
}

let watched: Watched | null = null
/** The board's connection is up; reads wait for it (a read during a server restart only fails). */
let online = true
let readWhenOnline = false
let refusalTimer: ReturnType<typeof setTimeout> | undefined
let nudgeTimer: ReturnType<typeof setTimeout> | undefined

/** Follows board `boardId`'s ballot for this page; returns the function that stops following. */
export function watchVotes(boardId: string, doc: Y.Doc): () => void {
  const own: Watched = { boardId, doc, queue: Promise.resolve(), version: 0, abort: new AbortController() }
  watched = own
  myVotes.set({})
  voteTotals.set({})
  let seen = voteKey()
  const onMeta = () => {
    const state = liveState.get()
    if (state.vote.revealed) voteTotals.set(readVoteTotals(doc))
    const key = voteKey()
    if (key === seen) return
    seen = key
    // Only a vote going on or revealed changes what this page shows of the ballot.
    if (state.phase === 'voting' || state.vote.revealed) refreshVotes()
  }
  const map = meta(doc)
  map.observe(onMeta)
  refreshVotes()
  return () => {
    map.unobserve(onMeta)
    own.abort.abort()
    clearTimeout(nudgeTimer)
    if (watched === own) watched = null
  }
}

/** What, when it changes, makes my ballot worth reading again. */
function voteKey(): string {
  const state = liveState.get()
  return JSON.stringify([state.phase, state.locked, state.vote])
}

/** The server says dots changed (personal channel): read again, once per burst. */
export function votesChanged(): void {
  clearTimeout(nudgeTimer)
  nudgeTimer = setTimeout(refreshVotes, 50)
}

/** The board's connection went up or down: a read asked for while down happens once it is up again. */
export function votesOnline(up: boolean): void {
  online = up
  if (up && readWhenOnline) refreshVotes()
}

/** Reads my dots (and the totals I may see) from the server. */
export function refreshVotes(): void {
  const own = watched
  if (!own) return
  if (!online) {
    readWhenOnline = true
    return
  }
  readWhenOnline = false
  const version = ++own.version
  readVotes(own.boardId, own.abort.signal).then(
    (answer) => {
      if (watched !== own || own.version !== version) return
      myVotes.set(answer.mine)
      if (answer.totals) voteTotals.set(answer.totals)
      else if (!answer.revealed && session.get().role !== 'facilitator') voteTotals.set({})
    },
    () => {
      // Offline or the page is leaving: the next nudge or reconnection reads again.
    },
  )
}

/** Gives one of my dots to `targetId`, if I have one left. */
export function giveDot(targetId: string): void {
  if (myDotsLeft.get() <= 0) return
  change(targetId, 1)
}

/** Takes back one of my dots from `targetId`. */
export function takeDot(targetId: string): void {
  if ((myVotes.get()[targetId] ?? 0) <= 0) return
  change(targetId, -1)
}

function change(targetId: string, delta: 1 | -1): void {
  const own = watched
  if (!own) return
  const dots = Math.max(0, (myVotes.get()[targetId] ?? 0) + delta)
  setMine(targetId, dots)
  own.version += 1
  own.queue = own.queue.then(async () => {
    try {
      const answer = await putVote(own.boardId, targetId, dots)
      if (watched !== own) return
      // What the server kept, unless a later click already changed this target again.
      if ((myVotes.get()[targetId] ?? 0) === dots) setMine(targetId, answer.dots)
    } catch (error) {
      if (watched !== own) return
      showRefusal(error instanceof ApiError ? error.message : String(error))
      refreshVotes()
    }
  })
}

function setMine(targetId: string, dots: number): void {
  const next = { ...myVotes.get() }
  if (dots > 0) next[targetId] = dots
  else delete next[targetId]
  myVotes.set(next)
}

function showRefusal(message: string): void {
  voteRefusal.set(message)
  clearTimeout(refusalTimer)
  refusalTimer = setTimeout(() => voteRefusal.set(null), 8000)
}
