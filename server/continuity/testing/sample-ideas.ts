import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.ts'

/**
 * Idea texts like a council's (French words of local projects, 4 to 9 of them), made up
 * deterministically: the EXPLAIN test and the suggestion benchmark need many ideas whose trigrams vary
 * as real ones do (a few repeated phrases would make every row a candidate).
 */
const words = (
  'navette électrique bourg commune jeunes aînés santé maison médicale marché producteurs locaux ' +
  'circuit court cantine scolaire bio vélo atelier réparation covoiturage solidaire rural tiers-lieu ' +
  'numérique formation insertion emploi entreprise artisan commerce centre-ville logement vacant ' +
  'rénovation énergie chaleur bois forêt haie bocage eau rivière littoral tourisme randonnée patrimoine ' +
  'chapelle festival culture musique théâtre bibliothèque ludothèque école collège lycée apprentissage ' +
  'mobilité gare bus transport demande horaires soir week-end familles enfants crèche garde assistante ' +
  'maternelle personnes âgées isolement visite bénévoles association club sport piscine terrain jardin ' +
  'partagé potager compost déchets recyclage ressourcerie réemploi vêtements meubles outils prêt ' +
  'location fonds garantie microcrédit épargne coopérative foncier agricole installation paysans ferme ' +
  'vente directe abattoir légumerie conserverie restauration collective élus habitants conseil ' +
  'participation budget participatif consultation enquête cartographie diagnostic observatoire données'
).split(' ')
const links = ['pour les', 'entre', 'avec les', 'dans le', 'autour du', 'et', 'sur le', 'en']

/** The `k`-th pick of idea `i` (of `seed`): a multiplicative hash, so that ideas differ as real ones do. */
function pick<T>(list: T[], seed: number, i: number, k: number): T {
  const hash = Math.imul((seed * 1_000_003 + i) ^ (k * 40_503), 2_654_435_761) >>> 0
  return list[(hash >>> 7) % list.length] as T
}

/** `count` idea texts from `seed`. */
export function sampleIdeaTexts(count: number, seed = 1): string[] {
  return Array.from({ length: count }, (_, i) => {
    const length = 4 + (pick([0, 1, 2, 3, 4, 5], seed, i, 99) as number)
    const parts: string[] = []
    for (let k = 0; k < length; k += 1) {
      parts.push(pick(words, seed, i, k))
      if (k === 1 || k === 4) parts.push(pick(links, seed, i, k + 50))
    }
    const text = parts.join(' ')
    return text.charAt(0).toUpperCase() + text.slice(1)
  })
}

/** Inserts archived ideas for one converted workshop, in batches (ids prefixed `prefix`). */
export async function insertSampleIdeas(
  db: Kysely<Database>,
  scope: { councilId: string; contractId: string; workshopId: string },
  texts: string[],
  prefix: string,
): Promise<void> {
  for (let start = 0; start < texts.length; start += 1000) {
    await db
      .insertInto('archived_ideas')
      .values(
        texts.slice(start, start + 1000).map((text, i) => ({
          id: `${prefix}-${start + i}`,
          council_id: scope.councilId,
          contract_id: scope.contractId,
          workshop_id: scope.workshopId,
          shape_id: `shape:${prefix}-${start + i}`,
          text,
          loose: false,
          converted_at: new Date(),
        })),
      )
      .execute()
  }
}
