/**
 * chart.js with only the parts our bar charts use, registered once. Imported by charts.ts on demand only,
 * so the library stays off the first load and out of the pages that show no chart.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export { Chart };
