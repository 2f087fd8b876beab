/** The codes and title a zone is named by. */
export interface NamedZone {
  id: string | null
  title: string
  priorityCode: string
  actionCode: string
}

/**
 * How the list names a zone: its title as the canvas shows it ("P1 — Mobilités", as new boards title
 * them), its code put in front when a renamed title lost it, its codes alone when it has no title.
 * The area outside every zone (`id` null) is `outside`.
 */
export function zoneName(zone: NamedZone, outside = ''): string {
  if (!zone.id) return outside
  const code = zone.actionCode || zone.priorityCode
  const title = zone.title.trim()
  if (!title) return code || outside
  return code && !title.startsWith(code) ? `${code} — ${title}` : title
}
