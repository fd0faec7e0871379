/** "My posts": the community manager's queue (issue 5). */
export function QueueView() {
  return <main className="board-view" id="main" data-testid="queue-view" />
}
