import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorBody, errorResponses } from '../../shared/api/common.ts'
import {
  BoardParams,
  PutVoteAnswer,
  PutVoteInput,
  VoteParams,
  VotesAnswer,
  VotesQuery,
} from '../../shared/api/votes.ts'
import { boardAccess, liveOr503 } from '../boards/route-helpers.ts'
import {
  assertBallotOpen,
  boardVoteState,
  readBallot,
  setOwnDots,
  targetKindOf,
  totalsOnBoard,
  voteTargetsOnBoard,
} from './commands.ts'
import { VoteTotalsPublisher } from './totals.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Keeps the revealed totals (meta.voteTotals) of live boards current. */
    voteTotals: VoteTotalsPublisher
  }
}

/**
 * The secret ballot over HTTP (DESIGN.md, "Secret ballot"), and `app.voteTotals` for the workshop
 * routes (the reveal). Registered with fastify-plugin so the decorator is seen app-wide.
 */
export const votesPlugin = fp(
  async (app: FastifyInstance) => {
    const publisher = new VoteTotalsPublisher(
      () => app.store.db,
      () => app.liveBoards,
      app.log.child({ module: 'votes' }),
    )
    app.decorate('voteTotals', publisher)
    app.addHook('preClose', () => publisher.close())
    await app.register(voteRoutes)
  },
  { name: 'votes', dependencies: ['collab'] },
)

async function voteRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const db = () => app.store.db

  api.put(
    '/api/boards/:boardId/votes/:targetId',
    {
      schema: {
        tags: ['votes'],
        summary: "Set the caller's own dots on one idea or cluster (0 takes them back)",
        description:
          'During the voting phase, for participants (board not locked) and facilitators, on an idea or a cluster of the board as the vote says (`vote.target`). Taking dots back is always possible while voting, even on a target that left the board. Dots on every target count against the allowance (`vote.dotsPerParticipant`). 409 `vote_closed` outside voting or on a locked board, 409 `too_many_dots` above the allowance, 404 for a target not on the board, 400 `wrong_target` for a shape of the other kind; observers 403.',
        params: VoteParams,
        body: PutVoteInput,
        response: { 200: PutVoteAnswer, ...errorResponses, 503: ErrorBody },
      },
    },
    async (request) => {
      const { boardId, targetId } = request.params
      const who = await boardAccess(app, request, boardId)
      // Refused early when the state already rules the vote out (no board load for a closed ballot).
      assertBallotOpen(who.role, await boardVoteState(db(), boardId))
      // Read before the transaction: reading a live board may load it from the store, and PGlite has
      // one connection. A target deleted in between only keeps dots that still count against the
      // allowance and nowhere else.
      const targetKind = await liveOr503(app, () =>
        app.liveBoards.read(boardId, (doc) => targetKindOf(doc, targetId)),
      )
      const answer = await setOwnDots(db(), {
        boardId,
        actorId: who.actorId,
        role: who.role,
        targetId,
        dots: request.body.dots,
        targetKind,
      })
      app.liveBoards.notifyVotes(boardId, who.actorId)
      // Not awaited: the voter has their answer; revealed totals follow within a publication.
      void app.voteTotals.schedule(boardId)
      return answer
    },
  )

  api.get(
    '/api/boards/:boardId/votes',
    {
      schema: {
        tags: ['votes'],
        summary: "The caller's dots, what they have left, and the totals when they may see them",
        description:
          '`totals` (per target still on the board, no voter): for facilitators always, for participants and observers once the facilitator revealed the vote. `?byVoter=1` adds who gave which dot, for facilitators only (403 otherwise).',
        params: BoardParams,
        querystring: VotesQuery,
        response: { 200: VotesAnswer, ...errorResponses, 503: ErrorBody },
      },
    },
    async (request) => {
      const { boardId } = request.params
      const who = await boardAccess(app, request, boardId)
      const byVoter = request.query.byVoter === '1' || request.query.byVoter === 'true'
      const view = await readBallot(db(), who, { byVoter })
      if (view.totals) {
        const all = view.totals
        view.totals = await liveOr503(app, () =>
          app.liveBoards.read(boardId, (doc) => totalsOnBoard(all, voteTargetsOnBoard(doc))),
        )
      }
      return view
    },
  )
}
