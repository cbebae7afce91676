/**
 * Bar charts for the pages that show them: chart.js is fetched the first time a chart is drawn (its own
 * chunk), laid out for the reader's language (right to left in Arabic), and destroyed with the canvas.
 * Every chart's numbers are also on the page as a table; the chart only pictures them.
 */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import { lang, locale } from './i18n/index.ts';

let loaded: Promise<typeof import('./chart-setup.ts')> | undefined;
/** chart.js, registered, in its own chunk: loaded once however many charts a page has. */
export const loadChart = () => {
  loaded ??= import('./chart-setup.ts');
  return loaded.then((m) => m.Chart);
};

export type Bars = {
  labels: string[];
  datasets: { label: string; data: number[]; backgroundColor: string }[];
  /** Bars along the line (long labels, e.g. indicator names, read better one per row on a phone). */
  horizontal?: boolean;
  /** The datasets piled in one bar per label (parts of a whole, e.g. reports by state). */
  stacked?: boolean;
  /** How a value is written on the value axis and in the tooltip (a count by default). */
  format?: (value: number) => string;
};

/** Draws `bars` into the canvas once chart.js is here; redrawn when `deps` change. */
export function useBars(canvas: RefObject<HTMLCanvasElement>, bars: () => Bars, deps: unknown[]): void {
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let gone = false;
    void loadChart().then((Chart) => {
      if (gone || !canvas.current) return;
      const b = bars();
      const rtl = lang() === 'ar';
      const stacked = b.stacked ?? false;
      const value = {
        beginAtZero: true,
        ticks: b.format ? { callback: (v: number | string) => b.format?.(Number(v)) } : { precision: 0 },
      };
      const chart = new Chart(canvas.current, {
        type: 'bar',
        data: { labels: b.labels, datasets: b.datasets },
        options: {
          locale: locale(),
          indexAxis: b.horizontal ? 'y' : 'x',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: b.horizontal
            ? { x: { ...value, stacked, reverse: rtl }, y: { stacked, position: rtl ? 'right' : 'left' } }
            : { x: { stacked, reverse: rtl }, y: { ...value, stacked, position: rtl ? 'right' : 'left' } },
          plugins: {
            legend: { rtl },
            tooltip: {
              rtl,
              ...(b.format
                ? {
                    callbacks: {
                      label: (item: { dataset: { label?: string }; raw: unknown }) =>
                        `${item.dataset.label ?? ''}: ${b.format?.(Number(item.raw))}`,
                    },
                  }
                : {}),
            },
          },
        },
      });
      destroy = () => chart.destroy();
    });
    return () => {
      gone = true;
      destroy?.();
    };
  }, deps);
}
