import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { type BoardRole, may } from '../../shared/board/rights.ts'
import type { WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { useMessages } from '../app/i18n.tsx'
import type { PageProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { ErrorAlert, useDocumentTitle, useErrorText } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { BallotBar } from './BallotBar.tsx'
import { buildBoardList, type ListCluster, type ListIdea } from './board-list.ts'
import { IdeaItem, shortText } from './IdeaItem.tsx'
import { ownAndPrivate } from './ideas-answer.ts'
import type { LiveSnapshot } from './live-board.ts'
import { messages } from './messages.ts'
import { type Destination, moveDestinations } from './move-destinations.ts'
import { type IdeaDraft, NewIdeaForm } from './NewIdeaForm.tsx'
import { NewIdeaAnnouncer } from './new-idea-announcer.ts'
import { changeIdea, deleteIdea, type IdeaChange, readIdeas } from './post-api.ts'
import { loadPostContext, type PostContext } from './post-context.ts'
import { useBallot } from './use-ballot.ts'
import { useLiveBoard } from './use-live-board.ts'
import { VoteControls } from './VoteControls.tsx'
import { ZoneSection } from './ZoneSection.tsx'
import { zoneName } from './zone-name.ts'
import './post.css'

/** Before the server's list arrives: no card marked mine, no private idea. */
const noneListed = ownAndPrivate([])

/**
 * `/poster/:boardId`: the board as a list, for phones and for screen readers and keyboards. It does for
 * a participant what the canvas does: post an idea into a zone, edit or delete one's own, move any idea
 * into a zone or a cluster, give and take back dots while voting. The list follows the live board (its
 * Yjs document, read only); every change goes over HTTP, where the server applies the rights table, and
 * the page offers only what that table allows now (shared/board/rights.ts).
 */
export default function PostPage({ params }: PageProps) {
  const t = useMessages(messages)
  const { me } = useSession()
  const boardId = params.boardId ?? ''
  // Once the session is read: nobody signed in, or no access to this board, is 'denied'.
  const loaded = useLoad(
    (signal) =>
      me === undefined
        ? undefined
        : me === null
          ? Promise.resolve('denied' as const)
          : loadPostContext(me, boardId, signal),
    [me, boardId],
  )
  const context = loaded.data ?? null
  const error = loaded.error
  useDocumentTitle(context && context !== 'denied' ? `${t('title')} · ${context.title}` : t('title'))

  const live = useLiveBoard(context && context !== 'denied' ? boardId : null)

  if (error || context === 'denied')
    return (
      <div className="kp-page">
        <ErrorAlert error={error}>{error ? undefined : t('notAllowed')}</ErrorAlert>
        <a className="kp-link-button" href="/rejoindre">
          {t('joinLink')}
        </a>
      </div>
    )
  if (!context || !live?.synced)
    return (
      <div className="kp-page" aria-busy="true">
        <p className="kp-hint">{context ? t('connecting') : t('loading')}</p>
      </div>
    )
  return <PostBoard boardId={boardId} context={context} live={live} />
}

/** Why a participant may not post now, or null when they may. */
function whyNoNewIdea(role: BoardRole, state: WorkshopLiveState) {
  if (may(role, 'createIdea', state)) return null
  if (role === 'observer') return 'whyObserver' as const
  if (state.locked) return 'whyLocked' as const
  if (state.phase === 'voting') return 'whyVoting' as const
  if (state.phase === 'closed') return 'whyClosed' as const
  return 'whyClusteringClosed' as const
}

/** Alternates an invisible character so that the same sentence twice is announced twice. */
function fresh(message: string, previous: string) {
  return previous === message ? `${message}\u200b` : message
}

function PostBoard({
  boardId,
  context,
  live,
}: {
  boardId: string
  context: PostContext
  live: LiveSnapshot
}) {
  const t = useMessages(messages)
  const errorText = useErrorText()
  const { role } = context
  const state = live.live
  const actorId = live.vouchedUserId ?? context.actorId
  const [posted, setPosted] = useState<ReadonlySet<string>>(new Set())
  const [draft, setDraft] = useState<IdeaDraft>({ text: '', place: '' })
  const [status, setStatus] = useState('')
  const [news, setNews] = useState('')
  const announce = useCallback((message: string) => setStatus((previous) => fresh(message, previous)), [])

  // Which cards are mine and my private ideas, as the server lists them: read when the page opens and
  // when silent writing starts or ends (the live document holds neither in an anonymous or silent round).
  // A failed read only leaves these marks out: the list itself comes from the live document.
  const listed = useLoad(
    async (signal) => ownAndPrivate(await readIdeas(boardId, signal)),
    [boardId, state.privateIdeation],
  )
  // Kept while a new read runs (silent writing changed), so own cards do not lose their actions meanwhile.
  const lastListed = useRef(noneListed)
  if (listed.data) lastListed.current = listed.data
  const fetched = lastListed.current

  const list = useMemo(() => {
    const ownIds = new Set([...fetched.ownIds, ...posted, ...(live.ownIds ?? [])])
    return buildBoardList({
      records: live.records,
      privateIdeas: live.privateIdeas ?? [],
      privateListed: live.privateIdeas ? [] : fetched.privateIdeas,
      actorId,
      ownIds,
      privateAreMine: role !== 'facilitator',
      lockedShapeIds: state.lockedShapeIds,
    })
  }, [live.records, live.privateIdeas, live.ownIds, fetched, posted, actorId, role, state.lockedShapeIds])

  const outside = t('outsideZones')
  const destinations = useMemo(() => moveDestinations(list, outside), [list, outside])
  const placeName = useCallback(
    (d: Destination) => {
      if (d.clusterId) return t('cluster', { title: d.clusterTitle.trim() || t('untitledCluster') })
      const zone = list.zones.find((z) => z.id === d.zoneId)
      return zone ? zoneName(zone, outside) : outside
    },
    [list, t, outside],
  )

  // New ideas of others, announced once their text settles (new-idea-announcer.ts).
  const announcer = useRef(new NewIdeaAnnouncer<ListIdea>())
  const tickTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const latestList = useRef(list)
  latestList.current = list
  useEffect(() => {
    const watcher = announcer.current
    if (!watcher.seeded) return watcher.seed(list.ideas.values())
    if (tickTimer.current !== undefined) return
    const tick = () => {
      tickTimer.current = undefined
      const current = latestList.current
      const { announce: ideas, again } = watcher.tick(current.ideas.values())
      if (ideas.length) {
        const zoneOf = (idea: ListIdea) => {
          const zone = current.zones.find((z) => z.id === idea.zoneId)
          return zone ? zoneName(zone, outside) : outside
        }
        const said = ideas
          .slice(0, 3)
          .map((idea) => t('newIdeaAnnounce', { zone: zoneOf(idea), text: shortText(idea.text, 140) }))
        if (ideas.length > 3) said.push(t('moreNewIdeas', { count: ideas.length - 3 }))
        setNews((previous) => fresh(said.join(' · '), previous))
      }
      if (again) tickTimer.current = setTimeout(tick, 1200)
    }
    tickTimer.current = setTimeout(tick, 1200)
  }, [list, t, outside])
  useEffect(() => () => clearTimeout(tickTimer.current), [])

  // A new phase is news for everyone on the page.
  const phaseSeen = useRef(state.phase)
  useEffect(() => {
    if (phaseSeen.current === state.phase) return
    phaseSeen.current = state.phase
    setNews((previous) => fresh(t('phaseNow', { phase: t(`phase_${state.phase}`) }), previous))
  }, [state.phase, t])

  const maysVote = may(role, 'voteOwn', state)
  const ballot = useBallot(
    boardId,
    role !== 'observer',
    `${live.votesVersion}|${state.phase}|${state.vote.revealed}|${state.vote.dotsPerParticipant}`,
  )
  const mine = ballot.ballot?.mine ?? {}
  // The document's totals are live once revealed; the ballot's answer covers facilitators before that.
  const totals = Object.keys(live.voteTotals).length ? live.voteTotals : (ballot.ballot?.totals ?? null)
  const voteOn = state.vote.target === 'clusters' ? 'cluster' : 'idea'
  const canVote = maysVote && ballot.ballot !== null

  // Totals: participants see them once revealed; facilitators see them while voting and after.
  const showTotals =
    state.vote.revealed || (role === 'facilitator' && (state.phase === 'voting' || state.phase === 'closed'))
  const dotsLine = (targetId: string, kind: 'idea' | 'cluster') => {
    const parts: string[] = []
    const my = mine[targetId] ?? 0
    if (my > 0 || (canVote && voteOn === kind)) parts.push(t('myDots', { count: my }))
    if (showTotals && (voteOn === kind || (totals?.[targetId] ?? 0) > 0))
      parts.push(t('total', { count: totals?.[targetId] ?? 0 }))
    return parts.length ? parts.join(' · ') : undefined
  }

  const onChange = useCallback((id: string, change: IdeaChange) => changeIdea(boardId, id, change), [boardId])
  const onDelete = useCallback((id: string) => deleteIdea(boardId, id), [boardId])
  const vote = ballot.change

  const renderIdea = (idea: ListIdea) => {
    const shielded = idea.locked && role !== 'facilitator'
    const rights = {
      edit: !shielded && may(role, idea.mine ? 'editOwnIdea' : 'editOthersIdea', state),
      delete: !shielded && may(role, idea.mine ? 'deleteOwnIdea' : 'editOthersIdea', state),
      // A private idea lives outside the board until the reveal: it has no place to move from.
      move: !shielded && !idea.private && destinations.length > 0 && may(role, 'moveIdea', state),
    }
    return (
      <IdeaItem
        key={idea.id}
        idea={idea}
        rights={rights}
        destinations={destinations}
        dotsLine={dotsLine(idea.id, 'idea')}
        vote={
          canVote && voteOn === 'idea' && !idea.private ? (
            <VoteControls
              targetId={idea.id}
              name={shortText(idea.text) || t('emptyIdea')}
              dots={mine[idea.id] ?? 0}
              remaining={ballot.ballot?.remaining ?? 0}
              onChange={vote}
              announce={announce}
            />
          ) : undefined
        }
        onChange={onChange}
        onDelete={onDelete}
        announce={announce}
        placeName={placeName}
      />
    )
  }

  const renderClusterExtras = (cluster: ListCluster) => {
    const line = dotsLine(cluster.id, 'cluster')
    return (
      <>
        {line && <p className="kp-idea-meta">{line}</p>}
        {canVote && voteOn === 'cluster' && (
          <VoteControls
            targetId={cluster.id}
            name={cluster.title.trim() || t('untitledCluster')}
            dots={mine[cluster.id] ?? 0}
            remaining={ballot.ballot?.remaining ?? 0}
            onChange={vote}
            announce={announce}
          />
        )}
      </>
    )
  }

  const why = whyNoNewIdea(role, state)
  const ideaTotal = list.ideas.size
  return (
    <div className="kp-page">
      <p className="kp-eyebrow">{t('eyebrow')}</p>
      <h1>{context.title}</h1>
      <p className="kp-to-board">
        <a className="kp-link-button" href={`/tableau/${encodeURIComponent(boardId)}`}>
          {t('toBoard')}
        </a>
      </p>

      <div className="kp-notices">
        <p className="kp-phase">{t('phase', { phase: t(`phase_${state.phase}`) })}</p>
        {why && <p className="kp-notice">{t(why)}</p>}
        {state.privateIdeation && role !== 'observer' && <p className="kp-notice">{t('silentWriting')}</p>}
        {state.anonymous && <p className="kp-hint">{t('anonymous')}</p>}
        {live.status.kind === 'offline' && (
          <p className="kp-notice" role="status">
            {t('offline')}
          </p>
        )}
        {live.status.kind === 'closed' && (
          <p className="kp-error" role="alert">
            {t('closedConnection', { reason: live.status.reason })}
          </p>
        )}
        {state.phase === 'voting' && maysVote && ballot.loadError !== null && (
          <p className="kp-error" role="alert">
            {t('votesUnavailable', { reason: errorText(ballot.loadError) })}
          </p>
        )}
      </div>

      {canVote && ballot.ballot && (
        <BallotBar
          remaining={ballot.ballot.remaining}
          allowance={state.vote.dotsPerParticipant}
          revealed={state.vote.revealed}
          onClusters={voteOn === 'cluster'}
        />
      )}

      {!why && (
        <section aria-labelledby="kp-new-idea" className="kp-card">
          <h2 id="kp-new-idea">{t('newIdea')}</h2>
          <NewIdeaForm
            boardId={boardId}
            zones={list.zones}
            draft={draft}
            onDraft={setDraft}
            onPosted={(idea) => {
              announcer.current.know(idea.id)
              setPosted((previous) => new Set([...previous, idea.id]))
            }}
          />
        </section>
      )}

      <section aria-labelledby="kp-ideas-title" className="kp-ideas">
        <h2 id="kp-ideas-title">
          {t('ideasByZone')} <span className="kp-count">({t('ideaCount', { count: ideaTotal })})</span>
        </h2>
        {list.zones.map((zone) => (
          <ZoneSection
            key={zone.id ?? 'outside'}
            zone={zone}
            name={zoneName(zone, outside)}
            renderIdea={renderIdea}
            renderClusterExtras={renderClusterExtras}
          />
        ))}
      </section>

      <p role="status" className="visually-hidden" data-testid="action-status">
        {status}
      </p>
      <p aria-live="polite" className="visually-hidden" data-testid="announcement">
        {news}
      </p>
    </div>
  )
}
