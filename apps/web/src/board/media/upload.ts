import type { MediaKind } from '@pauta/domain'

/** What the server answers an accepted upload: the file as the card will list it. */
export interface Uploaded {
  id: string
  kind: MediaKind
  mime: string
  size: number
  width: number | null
  height: number | null
  name: string
}

/** Why an upload failed, for the person who sent it. */
export type UploadFailure =
  | { reason: 'too-large'; maxBytes: number | null }
  /** `found`: the type the file's bytes show, if any; `unreadable`: an image that does not decode */
  | { reason: 'type'; found: string | null; unreadable: boolean }
  | { reason: 'refused'; status: number; message: string }
  | { reason: 'network' }
  | { reason: 'aborted' }

export type UploadResult = { ok: true; file: Uploaded } | { ok: false; failure: UploadFailure }

/** Where a card's file is: the original (`?download=1` to save it) or its thumbnail. */
export const mediaUrl = (id: string, which: 'original' | 'thumb' | 'download' = 'original') =>
  which === 'thumb'
    ? `/api/media/${encodeURIComponent(id)}/thumb`
    : `/api/media/${encodeURIComponent(id)}${which === 'download' ? '?download=1' : ''}`

/**
 * Sends one file to the board, reporting progress (0–1) as it goes: XMLHttpRequest, because
 * fetch reports no upload progress. `signal` cancels it. The server decides what the file is
 * from its bytes; the name is kept only for downloads.
 */
export function uploadFile(
  boardId: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/boards/${encodeURIComponent(boardId)}/media`)
    xhr.responseType = 'json'
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => resolve(readAnswer(xhr.status, xhr.response))
    xhr.onerror = () => resolve({ ok: false, failure: { reason: 'network' } })
    xhr.onabort = () => resolve({ ok: false, failure: { reason: 'aborted' } })
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    const body = new FormData()
    body.append('file', file, file.name)
    xhr.send(body)
  })
}

function readAnswer(status: number, answer: unknown): UploadResult {
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<
    string,
    unknown
  >
  if (status === 201 && typeof body.id === 'string')
    return { ok: true, file: body as unknown as Uploaded }
  if (status === 413) {
    const maxBytes = typeof body.maxBytes === 'number' ? body.maxBytes : null
    return { ok: false, failure: { reason: 'too-large', maxBytes } }
  }
  if (status === 415 && body.error === 'unsupported file type') {
    const found = typeof body.found === 'string' ? body.found : null
    return { ok: false, failure: { reason: 'type', found, unreadable: body.unreadable === true } }
  }
  const message = typeof body.error === 'string' ? body.error : ''
  return { ok: false, failure: { reason: 'refused', status, message } }
}
