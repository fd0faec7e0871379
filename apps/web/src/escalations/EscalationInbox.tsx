/** The manager's escalation inbox: open escalations by severity and SLA (issue 5). */
export function EscalationInbox() {
  return <main className="board-view" id="main" data-testid="escalations-view" />
}
