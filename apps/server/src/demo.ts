import { cardsMap, createCard, listCards } from '@pauta/board'
import {
  addMember,
  appendUpdate,
  type BlobStore,
  createBoard,
  createWorkspace,
  type Database,
  insertMedia,
  type NewStageEvent,
  recordStageEvents,
  replaceBoardCards,
  replaceBoardMediaRefs,
  setWorkspaceLists,
} from '@pauta/db'
import type { MediaItem, Role, Severity, Stage } from '@pauta/domain'
import {
  DEFAULT_RULES,
  inStages,
  OUT_STAGES,
  SCHEDULED_STAGES,
  STAGES,
  seededRandom,
} from '@pauta/domain'
import sharp from 'sharp'
import * as Y from 'yjs'
import type { BetterAuth } from './auth.ts'
import { inspectImage } from './media-files.ts'

export const DEMO_PASSWORD = 'pauta-demo'
export const DEMO_EMAIL = 'demo@pauta.app'
export const DEMO_WORKSPACE = 'Café Aurora'

interface DemoPerson {
  key: string
  name: string
  email: string
  roles: Role[]
}

const PEOPLE: DemoPerson[] = [
  { key: 'demo', name: 'Demo', email: DEMO_EMAIL, roles: ['strategist', 'manager', 'cm'] },
  { key: 'estela', name: 'Estela Ríos', email: 'estela@pauta.app', roles: ['strategist'] },
  { key: 'marco', name: 'Marco Díaz', email: 'marco@pauta.app', roles: ['manager'] },
  { key: 'carla', name: 'Carla Gómez', email: 'carla@pauta.app', roles: ['cm'] },
  { key: 'diego', name: 'Diego Sánchez', email: 'diego@pauta.app', roles: ['cm'] },
  { key: 'lucia', name: 'Lucía Paredes', email: 'lucia@pauta.app', roles: ['client'] },
]

type DemoCard = [
  title: string,
  network: 'instagram' | 'facebook' | 'x' | 'tiktok' | 'linkedin' | 'youtube',
  tags: string[],
  campaign: string | null,
]

const CARDS: Record<Stage, DemoCard[]> = {
  strategy: [
    ['Serie “Del grano a la taza” con nuestros caficultores', 'youtube', ['marca', 'origen'], null],
    ['Tono más cercano en respuestas de fin de semana', 'instagram', ['tono'], null],
    ['Reels de baristas: 15 segundos, sin texto', 'tiktok', ['video'], null],
    ['Perfil de LinkedIn para atraer talento', 'linkedin', ['empleo'], null],
    ['Objetivo Q1: +20 % de interacción en Instagram', 'instagram', ['kpi'], null],
    ['Concurso de arte latte con clientes', 'instagram', ['concurso', 'ugc'], 'Día del café'],
    ['Guía de tono para crisis y reclamos', 'x', ['crisis', 'tono'], null],
  ],
  plan: [
    ['Carrusel: 5 métodos de preparación en casa', 'instagram', ['educativo'], null],
    ['Lanzamiento del cold brew embotellado', 'instagram', ['lanzamiento'], 'Cold brew'],
    ['Video receta: café de olla', 'tiktok', ['receta', 'video'], null],
    ['Promo 2x1 los martes de diciembre', 'facebook', ['promo'], 'Navidad 2026'],
    ['Entrevista a la tostadora jefa', 'youtube', ['marca'], null],
    ['Hilo: cómo elegimos a nuestros productores', 'x', ['origen'], null],
    ['Encuesta: ¿qué postre navideño quieren?', 'instagram', ['encuesta'], 'Navidad 2026'],
  ],
  calendar: [
    ['Teaser cold brew: cuenta regresiva', 'instagram', ['lanzamiento'], 'Cold brew'],
    ['Horarios de fin de año en todas las sedes', 'facebook', ['aviso'], 'Navidad 2026'],
    ['Reel: así se tuesta un lote', 'tiktok', ['video', 'origen'], null],
    ['Post de bienvenida a la nueva sede Centro', 'instagram', ['sedes'], null],
    ['Oferta laboral: baristas para temporada alta', 'linkedin', ['empleo'], null],
    [
      'Historia: detrás de cámaras de la sesión de fotos',
      'instagram',
      ['backstage'],
      'Navidad 2026',
    ],
    ['Recordatorio del concurso de arte latte', 'facebook', ['concurso'], 'Día del café'],
    ['Tip de la semana: molienda correcta', 'x', ['educativo'], null],
    ['Video corto: maridaje café y chocolate', 'tiktok', ['receta'], 'Navidad 2026'],
  ],
  published: [
    ['Lanzamiento de la taza edición limitada', 'instagram', ['producto'], 'Navidad 2026'],
    ['Encuesta: ¿espresso o filtrado?', 'x', ['encuesta'], null],
    ['Receta: affogato en casa', 'tiktok', ['receta'], null],
    ['Anuncio del horario extendido', 'facebook', ['aviso'], null],
    ['Carrusel: glosario del café', 'instagram', ['educativo'], null],
    ['Artículo: cultura de equipo en Café Aurora', 'linkedin', ['empleo'], null],
    ['Video: primera cosecha del año', 'youtube', ['origen'], null],
  ],
  monitored: [
    ['Promo del Día del café', 'instagram', ['promo'], 'Día del café'],
    ['Reel: el barista campeón nacional', 'tiktok', ['video'], null],
    ['Post: nuevas opciones sin lactosa', 'facebook', ['producto'], null],
    ['Hilo: mitos sobre la cafeína', 'x', ['educativo'], null],
    ['Sorteo de un kit de preparación', 'instagram', ['concurso'], 'Día del café'],
    ['Testimonio de un cliente frecuente', 'facebook', ['ugc'], null],
  ],
  escalated: [
    ['Queja: pedido a domicilio llegó frío', 'instagram', ['reclamo'], null],
    ['Pregunta repetida: ¿tienen leche de avena?', 'facebook', ['pregunta'], null],
    ['Comentario viral sobre precios', 'x', ['crisis'], null],
    [
      'Reclamo por el sorteo: ganador no contactado',
      'instagram',
      ['concurso', 'reclamo'],
      'Día del café',
    ],
  ],
}

/** The post copy of some demo cards, as a team would write it: emoji, hashtags, mentions, links. */
const COPIES: Record<string, string> = {
  'Carrusel: 5 métodos de preparación en casa':
    'Prensa francesa, V60, moka, AeroPress y cold brew ☕\nDesliza y elige tu método favorito para este fin de semana 👉\n\n¿Cuál es el tuyo? Cuéntanos en comentarios.\n\n#CaféAurora #CaféDeEspecialidad #MétodosDeFiltrado',
  'Lanzamiento del cold brew embotellado':
    'Llegó el que nos pedían todo el verano: nuestro cold brew, ahora embotellado 🧊\n12 horas de extracción en frío, cero azúcar añadida.\nDesde el lunes en todas las sedes y en aurora.example/coldbrew\n\n#ColdBrew #CaféAurora',
  'Teaser cold brew: cuenta regresiva':
    'Faltan 3 días ⏳ Algo frío se acerca a Café Aurora… 🧊☕\n#ColdBrew #PróximamenteEnAurora',
  'Horarios de fin de año en todas las sedes':
    'Estos son nuestros horarios del 24 al 1 de enero 🎄\n24 y 31: de 8:00 a 15:00\n25 y 1: cerrado\nEl resto de días, horario habitual. ¡Felices fiestas de parte de todo el equipo!',
  'Tip de la semana: molienda correcta':
    'Tip de la semana ☕ Para filtrado, molienda media (como sal gruesa); para espresso, fina como azúcar. Si tu café sale amargo, prueba una molienda un poco más gruesa. #TipsDeCafé',
  'Oferta laboral: baristas para temporada alta':
    'Buscamos baristas para la temporada alta en nuestras sedes Centro y Norte. Si te apasiona el café de especialidad y el trato con las personas, queremos conocerte.\n\nPostula aquí: aurora.example/empleo\n\n#Empleo #Barista #CaféAurora',
  'Lanzamiento de la taza edición limitada':
    'Nuestra taza edición limitada ya está aquí ✨ Diseñada por @ilustra.lu, hecha a mano y solo 300 unidades. Disponible en tienda y en línea.\n\n#EdiciónLimitada #CaféAurora #Navidad',
  'Encuesta: ¿espresso o filtrado?':
    'Pregunta seria para un lunes: ¿espresso ☕ o filtrado 🫖? Responde y te contamos el resultado el viernes. #EquipoEspresso #EquipoFiltrado',
}

/**
 * Pictures on some demo posts, drawn here (no files to ship): a background colour, a disc and
 * a band, in the post's crop, with the alt text a team would write.
 */
const PICTURES: Record<string, Array<{ alt: string; size: [number, number]; colors: string[] }>> = {
  'Carrusel: 5 métodos de preparación en casa': [
    {
      alt: 'Portada del carrusel: una taza de café vista desde arriba sobre fondo terracota',
      size: [1080, 1350],
      colors: ['#c8553d', '#f2d0a4', '#588b8b'],
    },
    {
      alt: 'Segunda lámina: una prensa francesa sobre fondo verde',
      size: [1080, 1350],
      colors: ['#588b8b', '#ffd5c2', '#28536b'],
    },
  ],
  'Teaser cold brew: cuenta regresiva': [
    {
      alt: 'Botella de cold brew con hielo sobre fondo azul oscuro',
      size: [1080, 1350],
      colors: ['#1d3557', '#a8dadc', '#f1faee'],
    },
  ],
  'Lanzamiento de la taza edición limitada': [
    {
      alt: 'La taza edición limitada, ilustrada a mano, sobre una mesa de madera',
      size: [1080, 1350],
      colors: ['#6d597a', '#eaac8b', '#e56b6f'],
    },
  ],
}

async function picture(size: [number, number], colors: string[]): Promise<Buffer> {
  const [width, height] = size
  const [background, disc, band] = colors
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="${background}"/>
    <rect y="${height * 0.72}" width="100%" height="${height * 0.12}" fill="${band}"/>
    <circle cx="${width / 2}" cy="${height * 0.42}" r="${width * 0.28}" fill="${disc}"/>
  </svg>`
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer()
}

/** Stores the demo's pictures; the media each card lists, by its title. */
async function storePictures(
  database: Database,
  blobs: BlobStore,
  where: { workspaceId: string; boardId: string; uploadedBy: string },
): Promise<Map<string, MediaItem[]>> {
  const byTitle = new Map<string, MediaItem[]>()
  for (const [title, pictures] of Object.entries(PICTURES)) {
    const items: MediaItem[] = []
    for (const [index, { alt, size, colors }] of pictures.entries()) {
      const bytes = await picture(size, colors)
      const facts = await inspectImage(bytes)
      const original = await blobs.put(once(bytes), { maxBytes: bytes.length })
      const thumb = await blobs.put(once(facts.thumbnail), { maxBytes: facts.thumbnail.length })
      const row = await insertMedia(database.db, {
        ...where,
        hash: original.hash,
        thumbHash: thumb.hash,
        kind: 'image',
        mime: 'image/jpeg',
        size: original.size,
        width: facts.width,
        height: facts.height,
        name: `aurora-${index + 1}.jpg`,
      })
      items.push({ id: row.id, kind: 'image', alt })
    }
    byTitle.set(title, items)
  }
  return byTitle
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes
}

/** Reason, severity, and how long ago it was raised: one of each SLA state (plenty, soon, past). */
const ESCALATIONS: Array<[string, Severity, number]> = [
  ['Cliente molesto, pide reembolso; respuesta de la marca necesaria.', 'medium', 5 * 60],
  ['Muchas consultas iguales: falta una respuesta oficial.', 'low', 30 * 60],
  ['Más de 300 respuestas en dos horas; riesgo de crisis.', 'crisis', 40],
  ['El ganador reclama públicamente; revisar bases del sorteo.', 'high', 5 * 60],
]

/** Where a post of the demo "lives" on its network (made-up addresses of the right shape). */
function postUrl(network: DemoCard[1], id: string): string {
  const slug = id.slice(0, 11)
  switch (network) {
    case 'instagram':
      return `https://www.instagram.com/p/${slug}/`
    case 'facebook':
      return `https://www.facebook.com/cafeaurora/posts/${slug}`
    case 'x':
      return `https://x.com/cafeaurora/status/${slug}`
    case 'tiktok':
      return `https://www.tiktok.com/@cafeaurora/video/${slug}`
    case 'linkedin':
      return `https://www.linkedin.com/feed/update/${slug}`
    case 'youtube':
      return `https://www.youtube.com/watch?v=${slug}`
    default:
      return `https://cafeaurora.example/blog/${slug}`
  }
}

/**
 * Archived cards that went the whole way, for the Archived list to find and restore. The
 * dashboards leave them out, past included ([ARCH2]): their figures come from the other cards.
 */
const PAST_TITLES = [
  'Post de aniversario',
  'Reel: latte art de corazón',
  'Promo de vuelta a clases',
  'Encuesta de sabores de otoño',
  'Video: cata de cafés de altura',
  'Anuncio de la app de pedidos',
  'Carrusel: beneficios del café de especialidad',
  'Historia: pregunta al barista',
  'Post: nueva carta de postres',
  'Reel: ritual de la mañana',
  'Hilo: sostenibilidad en nuestros empaques',
  'Concurso de fotos de otoño',
  'Oferta: café del mes',
  'Video: cómo limpiar tu cafetera',
  'Post: música de la semana en sedes',
  'Artículo: alianza con productores de Huila',
  'Reel: 3 bebidas frías',
  'Anuncio: sede Norte remodelada',
]

/** The workspace's lists; every demo card's campaign is one of them. */
const CAMPAIGNS = ['Navidad 2026', 'Cold brew', 'Día del café']
const OBJECTIVES = ['Alcance', 'Interacción', 'Ventas', 'Reputación', 'Empleo']

const RELEASED_POST = 'Oferta laboral: baristas para temporada alta'

const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface DemoResult {
  workspaceId: string
  boardId: string
  email: string
  password: string
}

/**
 * Seeds the demo workspace: six people, one board of ~40 cards and six weeks of history, and
 * (given where files go) pictures on a few posts.
 */
export async function seedDemo(
  database: Database,
  auth: BetterAuth,
  now = new Date(),
  blobs?: BlobStore,
): Promise<DemoResult> {
  const random = seededRandom(20_261_123)
  const ids = new Map<string, string>()
  for (const person of PEOPLE) {
    const { user } = await auth.api.signUpEmail({
      body: { name: person.name, email: person.email, password: DEMO_PASSWORD },
    })
    ids.set(person.key, user.id)
  }
  const workspace = await createWorkspace(database.db, {
    name: DEMO_WORKSPACE,
    timeZone: 'America/Mexico_City',
  })
  for (const person of PEOPLE) {
    await addMember(database.db, workspace.id, ids.get(person.key)!, person.roles)
  }
  await setWorkspaceLists(database.db, workspace.id, {
    campaigns: CAMPAIGNS,
    objectives: OBJECTIVES,
  })
  const board = await createBoard(database.db, {
    workspaceId: workspace.id,
    name: 'Redes sociales',
    settings: {
      wipLimits: { plan: 8, calendar: 8, escalated: 3 },
      rules: { ...DEFAULT_RULES, cmWipLimit: 6 },
    },
  })

  const userId = (key: string) => ids.get(key)!
  const strategists = [userId('estela'), userId('demo')]
  const managers = [userId('marco'), userId('demo')]
  const cms = [userId('carla'), userId('diego')]
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const pictures = blobs
    ? await storePictures(database, blobs, {
        workspaceId: workspace.id,
        boardId: board.id,
        uploadedBy: userId('marco'),
      })
    : new Map<string, MediaItem[]>()
  const doc = new Y.Doc()
  const events: NewStageEvent[] = []
  let escalation = 0
  let scheduled = 0

  const place = (
    title: string,
    network: DemoCard[1],
    tags: string[],
    campaign: string | null,
    stage: Stage,
    startedDaysAgo: number,
    archived: boolean,
  ) => {
    const path = STAGES.slice(0, STAGES.indexOf(stage) + 1)
    // Spread the card's life over the days since it started; each step takes its share.
    let at = now.getTime() - startedDaysAgo * DAY
    const step = (startedDaysAgo * DAY * 0.9) / path.length
    const createdAt = new Date(at)
    const cm = inStages(stage, SCHEDULED_STAGES) ? pick(cms) : null
    // job posts recruit; complaints and crises are about reputation; the rest is picked
    const objective = tags.includes('empleo')
      ? 'Empleo'
      : tags.some((tag) => tag === 'reclamo' || tag === 'crisis')
        ? 'Reputación'
        : pick(OBJECTIVES.slice(0, 3))
    const card = createCard(
      doc,
      {
        title,
        copy: COPIES[title] ?? '',
        media: pictures.get(title) ?? [],
        network,
        tags,
        campaign,
        objective,
        stage,
        assigneeId: cm,
      },
      { userId: pick(strategists), now: createdAt },
    )
    events.push({
      boardId: board.id,
      cardId: card.id,
      fromStage: null,
      toStage: 'strategy',
      userId: card.createdBy,
      at: createdAt,
    })
    path.slice(1).forEach((to, i) => {
      at += step * (0.4 + random() * 1.2)
      const who = to === 'plan' || to === 'calendar' ? pick(managers) : (cm ?? pick(managers))
      events.push({
        boardId: board.id,
        cardId: card.id,
        fromStage: path[i]!,
        toStage: to,
        userId: who,
        at: new Date(Math.min(at, now.getTime() - HOUR)),
      })
    })
    const entry = cardsMap(doc).get(card.id)!
    const publishedAtOf = (id: string) =>
      events.findLast((e) => e.cardId === id && e.toStage === 'published')?.at
    if (stage === 'calendar' && !archived) {
      // One post due within the hour and one overdue, for "My posts"; the rest go out in
      // Mexico City office hours (15:00–23:30 UTC), on the half hour, within two weeks.
      const n = scheduled++
      let at: number
      if (n === 0) at = now.getTime() + 50 * 60_000
      else if (n === 1) at = now.getTime() - 2 * HOUR
      else {
        const day = Math.floor(now.getTime() / DAY) + 1 + Math.floor(random() * 12)
        at = day * DAY + (15 * 2 + Math.floor(random() * 18)) * 30 * 60_000
      }
      entry.set('scheduledAt', new Date(at).toISOString())
    }
    if (inStages(stage, OUT_STAGES)) {
      const published = events.findLast(
        (e) => e.cardId === card.id && e.toStage === 'published',
      )?.at
      entry.set('publishedAt', (published ?? createdAt).toISOString())
      entry.set('scheduledAt', (published ?? createdAt).toISOString())
      entry.set('publishedUrl', postUrl(network, card.id))
    }
    if (STAGES.indexOf(stage) >= STAGES.indexOf('monitored') && cm) {
      const reach = 800 + Math.floor(random() * 9000)
      entry.set('monitoring', [
        {
          at: new Date(
            Math.min((publishedAtOf(card.id) ?? createdAt).getTime() + DAY, now.getTime() - HOUR),
          ).toISOString(),
          by: cm,
          reach,
          engagement: Math.floor(reach * (0.02 + random() * 0.06)),
          comments: Math.floor(random() * 60),
          sentiment: pick(['positive', 'positive', 'neutral', 'mixed'] as const),
          text: 'Buena respuesta en general; respondimos las preguntas sobre horarios.',
        },
      ])
    }
    if (stage === 'escalated') {
      const [reason, severity, minutesAgo] = ESCALATIONS[escalation++ % ESCALATIONS.length]!
      entry.set('escalationReason', reason)
      entry.set('severity', severity)
      entry.set('escalationUrl', `${postUrl(network, card.id)}#comentarios`)
      // The SLA clock and the history agree on when it was raised.
      const raised = events.findLast((e) => e.cardId === card.id && e.toStage === 'escalated')
      const before = events.findLast((e) => e.cardId === card.id && e.toStage === 'monitored')
      const at = new Date(
        Math.max(now.getTime() - minutesAgo * 60_000, (before?.at.getTime() ?? 0) + 10 * 60_000),
      )
      if (raised) raised.at = at
      entry.set('escalatedAt', at.toISOString())
    }
    if (archived) {
      // put away by a manager a day after its last step (no random draw: the rest of the
      // demo stays as it was)
      entry.set('archived', true)
      entry.set('archivedBy', managers[0]!)
      entry.set('archivedAt', new Date(Math.min(at + DAY, now.getTime() - HOUR)).toISOString())
    }
  }

  PAST_TITLES.forEach((title, i) => {
    place(
      title,
      pick(['instagram', 'facebook', 'tiktok', 'x'] as const),
      ['archivo'],
      null,
      'monitored',
      42 - i * 2,
      true,
    )
  })
  for (const stage of STAGES) {
    const depth = STAGES.indexOf(stage)
    for (const [title, network, tags, campaign] of CARDS[stage]) {
      place(title, network, tags, campaign, stage, 2 + depth * 3 + Math.floor(random() * 12), false)
    }
  }
  // One calendar post the manager released, for a community manager to take.
  for (const entry of cardsMap(doc).values()) {
    if (entry.get('title') === RELEASED_POST) entry.set('assigneeId', null)
  }

  await appendUpdate(database.db, board.id, Y.encodeStateAsUpdate(doc))
  // Written straight to the log, so no room saw it: project the cards here (feeds read them),
  // and the files they list (else they would be freed as unused).
  const cards = listCards(doc)
  await replaceBoardCards(database.db, board.id, cards)
  await replaceBoardMediaRefs(
    database.db,
    board.id,
    cards
      .filter((card) => card.media.length > 0)
      .map((card) => ({ cardId: card.id, mediaIds: card.media.map((item) => item.id) })),
  )
  await recordStageEvents(
    database.db,
    events.sort((a, b) => a.at.getTime() - b.at.getTime()),
  )
  return {
    workspaceId: workspace.id,
    boardId: board.id,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
  }
}
