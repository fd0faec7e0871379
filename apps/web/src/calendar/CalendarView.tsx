/** The content calendar: month and week views of scheduled and published posts (issue 5). */
export function CalendarView() {
  return <main className="board-view" id="main" data-testid="calendar-view" />
}
