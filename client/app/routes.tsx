import { lazy } from 'react'
import { LoginPage } from '../auth/LoginPage.tsx'
import { ResetPasswordPage } from '../auth/ResetPasswordPage.tsx'
import { SignupPage } from '../auth/SignupPage.tsx'
import { HomePage } from '../dashboard/HomePage.tsx'
import { JoinPage } from '../join/JoinPage.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import type { RouteDefinition } from './router.tsx'

/**
 * Every page of the client, first match wins. Adding a page is one line here:
 *
 *   { path: '/projets/:id', page: lazy(() => import('../projects/ProjectPage.tsx')), access: 'account' },
 *
 * (the module's default export is the page, which receives `{ params, query }`). Pages that bring a large
 * library (tldraw) must be `lazy`, so the other pages never download it. Paths are French: people share them.
 */
export const routes: RouteDefinition[] = [
  { path: '/', page: HomePage },
  { path: '/connexion', page: LoginPage },
  { path: '/inscription', page: SignupPage },
  { path: '/mot-de-passe', page: ResetPasswordPage },
  { path: '/rejoindre', page: JoinPage },
  { path: '/j/:code', page: JoinPage },
  { path: '/confidentialite', page: lazy(() => import('../privacy/PrivacyPage.tsx')) },
  { path: '/conseil', page: lazy(() => import('../council/CouncilPage.tsx')), access: 'account' },
  {
    path: '/contrats/nouveau',
    page: lazy(() => import('../contracts/NewContractPage.tsx')),
    access: 'account',
  },
  {
    path: '/contrats/:id',
    page: lazy(() => import('../contracts/ContractPage.tsx')),
    access: 'account',
  },
  {
    path: '/ateliers/nouveau',
    page: lazy(() => import('../workshops/NewWorkshopPage.tsx')),
    access: 'account',
  },
  {
    path: '/ateliers/:id',
    page: lazy(() => import('../workshops/WorkshopPage.tsx')),
    access: 'account',
  },
  {
    path: '/tableau/:boardId',
    page: lazy(() => import('../board/BoardPage.tsx')),
    layout: 'fullscreen',
  },
  { path: '/poster/:boardId', page: lazy(() => import('../post/PostPage.tsx')) },
  { path: '/projets', page: lazy(() => import('../projects/ProjectsPage.tsx')), access: 'account' },
  { path: '/projets/:id', page: lazy(() => import('../projects/ProjectPage.tsx')), access: 'account' },
  {
    path: '/projets/:id/tableau',
    page: lazy(() => import('../projects/SnapshotPage.tsx')),
    access: 'account',
  },
  { path: '/acteurs', page: lazy(() => import('../projects/ActorsPage.tsx')), access: 'account' },
  { path: '/suivi', page: lazy(() => import('../followup/FollowedPage.tsx')), access: 'account' },
  {
    path: '/suivi/membres/:memberId',
    page: lazy(() => import('../followup/FollowedPage.tsx')),
    access: 'account',
  },
  {
    path: '/suivi/acteurs/:actorId',
    page: lazy(() => import('../followup/FollowedPage.tsx')),
    access: 'account',
  },
  { path: '/garantie', page: lazy(() => import('../followup/GuaranteePage.tsx')), access: 'account' },
  { path: '/modeles', page: lazy(() => import('../templates/TemplatesPage.tsx')), access: 'account' },
  { path: '/appels/gestion', page: lazy(() => import('../calls/CallsPage.tsx')), access: 'account' },
  {
    path: '/appels/nouveau',
    page: lazy(() => import('../calls/CallEditPage.tsx')),
    access: 'account',
  },
  { path: '/appels/gestion/:id', page: lazy(() => import('../calls/CallPage.tsx')), access: 'account' },
  {
    path: '/appels/gestion/:id/modifier',
    page: lazy(() => import('../calls/CallEditPage.tsx')),
    access: 'account',
  },
  // Public: open calls, a call's form, and the carrier's private link (no account).
  { path: '/appels', page: lazy(() => import('../calls/PublicCallsPage.tsx')) },
  { path: '/appels/:id', page: lazy(() => import('../calls/PublicCallPage.tsx')) },
  { path: '/candidature/:id', page: lazy(() => import('../calls/ApplicationPage.tsx')) },
  // The public showcase (no account) and its widget for the council's own site (framable: security-headers.ts).
  { path: '/vitrine/:slug', page: lazy(() => import('../showcase/ShowcasePage.tsx')) },
  {
    path: '/vitrine/:slug/widget',
    page: lazy(() => import('../showcase/WidgetPage.tsx')),
    layout: 'fullscreen',
  },
]

/** Shown when no route matches. */
export const notFoundRoute: RouteDefinition = { path: '*', page: NotFoundPage }
