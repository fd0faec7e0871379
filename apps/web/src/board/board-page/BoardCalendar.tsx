import { CalendarView } from '../../calendar/CalendarView.tsx'
import { BoardFeedButton } from '../../feeds/BoardFeedButton.tsx'

/** The board's calendar view, with the button for the board's calendar feed. */
export function BoardCalendar({ boardId }: { boardId: string }) {
  return <CalendarView headerExtra={<BoardFeedButton boardId={boardId} />} />
}
