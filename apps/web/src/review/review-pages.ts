// The review rounds' three pages are one chunk: they share nearly all they import (the round's
// posts, the app's header, the clocks), and one lazy import keeps the entry's list of what to
// preload, and the chunks shared with the board, as they were.
export { ReviewLinkPage } from './ReviewLinkPage.tsx'
export { RoundPage } from './RoundPage.tsx'
export { RoundsPage } from './RoundsPage.tsx'
