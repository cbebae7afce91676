/**
 * The impact profile's charts (chart.js, in the profile's own chunk): indicator results against their
 * targets, and the portfolio's reports month by month. Each chart is drawn from the same rows as the table
 * the page shows under it, so the picture and the figures never disagree. Right to left in Arabic.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { lang, locale } from './i18n/index.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly colour: string;
}

/** A bar chart of whole counts; `across` lays the bars along (long labels on a phone), `stacked` piles them. */
export interface BarChart {
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  readonly across?: boolean;
  readonly stacked?: boolean;
}

function config(chart: BarChart): ChartConfiguration<'bar'> {
  const rtl = lang() === 'ar';
  const counts = { beginAtZero: true, ticks: { precision: 0 }, stacked: chart.stacked ?? false };
  const names = { stacked: chart.stacked ?? false };
  return {
    type: 'bar',
    data: {
      labels: [...chart.labels],
      datasets: chart.series.map((s) => ({ label: s.label, data: [...s.values], backgroundColor: s.colour })),
    },
    options: {
      locale: locale(),
      indexAxis: chart.across ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: chart.across
        ? { x: { ...counts, reverse: rtl }, y: { ...names, position: rtl ? 'right' : 'left' } }
        : { x: { ...names, reverse: rtl }, y: { ...counts, position: rtl ? 'right' : 'left' } },
      plugins: { legend: { rtl }, tooltip: { rtl } },
    },
  };
}

/** Draws `chart` on the canvas, again whenever it changes, and frees it with the page. */
export function useBarChart(canvas: RefObject<HTMLCanvasElement>, chart: BarChart): void {
  useEffect(() => {
    if (!canvas.current) return;
    const drawn = new Chart(canvas.current, config(chart));
    return () => drawn.destroy();
  }, [chart]);
}
