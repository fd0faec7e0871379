import { createRequire } from 'node:module'
import type { AxeResults, ImpactValue, Result } from 'axe-core'
import type { Page } from 'playwright-core'

/** axe-core's browser build, injected into the page as a script (no @axe-core/playwright). */
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** What the issue asks to be free of; "moderate" and "minor" are reported by axe but allowed. */
export const BLOCKING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical']

/** One rule broken on one page, with where. */
export interface Finding {
  where: string
  rule: string
  impact: ImpactValue
  help: string
  nodes: { target: string; html: string }[]
}

/**
 * Runs axe on the page as it is now, after its animations and transitions have ended (a
 * fading dialog would be measured half transparent), and returns its violations.
 */
export async function runAxe(page: Page): Promise<Result[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) {
    await page.addScriptTag({ path: AXE_SCRIPT })
  }
  // (strings, not functions: this package is typed for Node, without the DOM library; an
  // animation cancelled meanwhile, as a re-render does, rejects `finished`: it has ended too)
  await page.evaluate(
    'Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))).then(() => undefined)',
  )
  const results = (await page.evaluate(
    "window.axe.run(document, { resultTypes: ['violations'] })",
  )) as AxeResults
  return results.violations
}

/** The violations that block, as findings labelled with where they were seen. */
export function blocking(where: string, violations: Result[]): Finding[] {
  return violations
    .filter((violation) => violation.impact && BLOCKING_IMPACTS.includes(violation.impact))
    .map((violation) => ({
      where,
      rule: violation.id,
      impact: violation.impact ?? 'serious',
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String).join(' '),
        html: excerpt(node.html),
      })),
    }))
}

const MAX_NODES = 6
const MAX_HTML = 140

function excerpt(html: string): string {
  const flat = html.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_HTML ? `${flat.slice(0, MAX_HTML - 1)}…` : flat
}

/** Findings as lines a person can act on: page, rule, impact, then each element's selector. */
export function describeFindings(findings: Finding[]): string {
  return findings
    .map((finding) => {
      const shown = finding.nodes.slice(0, MAX_NODES)
      const more = finding.nodes.length - shown.length
      const lines = shown.map((node) => `    ${node.target}\n      ${node.html}`)
      if (more > 0) lines.push(`    …and ${more} more`)
      return `${finding.where}: ${finding.rule} (${finding.impact}, ${finding.nodes.length}) ${finding.help}\n${lines.join('\n')}`
    })
    .join('\n')
}
