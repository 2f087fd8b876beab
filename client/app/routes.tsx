import { type ComponentType, lazy } from 'react'
import { LoginPage } from '../auth/LoginPage.tsx'
import { ResetPasswordPage } from '../auth/ResetPasswordPage.tsx'
import { SignupPage } from '../auth/SignupPage.tsx'
import { HomePage } from '../dashboard/HomePage.tsx'
import { JoinPage } from '../join/JoinPage.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import type { PageProps, RouteDefinition } from './router.tsx'

/**
 * A page whose module is downloaded on its first visit (`lazy`): the module's default export is the
 * page, which receives `{ params, query }`. `options` says who may see it and in which frame.
 */
function lazyPage(
  path: string,
  load: () => Promise<{ default: ComponentType<PageProps> }>,
  options: Pick<RouteDefinition, 'access' | 'layout'> = {},
): RouteDefinition {
  return { path, page: lazy(load), ...options }
}

/** For signed-in council members only. */
const account = { access: 'account' } as const

/**
 * Every page of the client, first match wins. Adding a page is one line here:
 *
 *   lazyPage('/projets/:id', () => import('../projects/ProjectPage.tsx'), account),
 *
 * Pages that bring a large library (tldraw) must be lazy, so the other pages never download it. Paths are
 * French: people share them.
 */
export const routes: RouteDefinition[] = [
  { path: '/', page: HomePage },
  { path: '/connexion', page: LoginPage },
  { path: '/inscription', page: SignupPage },
  { path: '/mot-de-passe', page: ResetPasswordPage },
  { path: '/rejoindre', page: JoinPage },
  { path: '/j/:code', page: JoinPage },
  lazyPage('/confidentialite', () => import('../privacy/PrivacyPage.tsx')),
  lazyPage('/conseil', () => import('../council/CouncilPage.tsx'), account),
  lazyPage('/contrats/nouveau', () => import('../contracts/NewContractPage.tsx'), account),
  lazyPage('/contrats/:id', () => import('../contracts/ContractPage.tsx'), account),
  lazyPage('/ateliers/nouveau', () => import('../workshops/NewWorkshopPage.tsx'), account),
  lazyPage('/ateliers/:id', () => import('../workshops/WorkshopPage.tsx'), account),
  lazyPage('/tableau/:boardId', () => import('../board/BoardPage.tsx'), { layout: 'fullscreen' }),
  lazyPage('/poster/:boardId', () => import('../post/PostPage.tsx')),
  lazyPage('/projets', () => import('../projects/ProjectsPage.tsx'), account),
  lazyPage('/projets/:id', () => import('../projects/ProjectPage.tsx'), account),
  lazyPage('/projets/:id/tableau', () => import('../projects/SnapshotPage.tsx'), account),
  lazyPage('/acteurs', () => import('../projects/ActorsPage.tsx'), account),
  lazyPage('/suivi', () => import('../followup/FollowedPage.tsx'), account),
  lazyPage('/suivi/membres/:memberId', () => import('../followup/FollowedPage.tsx'), account),
  lazyPage('/suivi/acteurs/:actorId', () => import('../followup/FollowedPage.tsx'), account),
  lazyPage('/garantie', () => import('../followup/GuaranteePage.tsx'), account),
  lazyPage('/modeles', () => import('../templates/TemplatesPage.tsx'), account),
  lazyPage('/appels/gestion', () => import('../calls/CallsPage.tsx'), account),
  lazyPage('/appels/nouveau', () => import('../calls/CallEditPage.tsx'), account),
  lazyPage('/appels/gestion/:id', () => import('../calls/CallPage.tsx'), account),
  lazyPage('/appels/gestion/:id/modifier', () => import('../calls/CallEditPage.tsx'), account),
  // Public: open calls, a call's form, and the carrier's private link (no account).
  lazyPage('/appels', () => import('../calls/PublicCallsPage.tsx')),
  lazyPage('/appels/:id', () => import('../calls/PublicCallPage.tsx')),
  lazyPage('/candidature/:id', () => import('../calls/ApplicationPage.tsx')),
  // The public showcase (no account) and its widget for the council's own site (framable: security-headers.ts).
  lazyPage('/vitrine/:slug', () => import('../showcase/ShowcasePage.tsx')),
  lazyPage('/vitrine/:slug/widget', () => import('../showcase/WidgetPage.tsx'), { layout: 'fullscreen' }),
]

/** Shown when no route matches. */
export const notFoundRoute: RouteDefinition = { path: '*', page: NotFoundPage }
