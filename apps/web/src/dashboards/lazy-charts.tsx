import type { ComponentType } from 'react'
import { lazyPart, loader } from '../app/lazy-part.tsx'
import type * as Charts from './charts.tsx'

// recharts is the app's heaviest library (over 100 kB gzipped): the dashboards paint their
// figures and tables without it, and each chart takes its place when it has arrived, in a box
// of its own height meanwhile (the charts are pictures of the tables beside them).

const charts = loader(() => import('./charts.tsx'))

function lazyChart<P extends object>(
  pick: (module: typeof Charts) => ComponentType<P>,
  height: number,
) {
  const box = () => <div style={{ height }} />
  return lazyPart(() => charts.load().then(pick), { waiting: box, failed: box })
}

// the heights of charts.tsx's charts
export const StageTimeChart = lazyChart((m) => m.StageTimeChart, 260)
export const ThroughputChart = lazyChart((m) => m.ThroughputChart, 260)
export const LeadTimeChart = lazyChart((m) => m.LeadTimeChart, 260)
export const CfdChart = lazyChart((m) => m.CfdChart, 300)
