/**
 * One chart of the clinic's numbers, drawn by Chart.js on a canvas. Chart.js loads only when the
 * first chart shows (the desk itself never needs it). The canvas is an image whose words are the
 * section's summary (`labelledBy`); the figures themselves are in the section's table, so nothing
 * is known only from the picture. Colours are the Okabe-Ito set (told apart with any colour
 * vision), and lines also differ by dash and point shape.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';

/** Okabe & Ito's colour-blind-safe colours. */
export const COLOURS = { blue: '#0072b2', orange: '#e69f00', green: '#009e73', vermillion: '#d55e00', sky: '#56b4e9', purple: '#cc79a7', teal: '#0d6963' };

/** Line series told apart without colour: dash pattern and point shape. */
export const LINE_STYLES = [
  { borderDash: [], pointStyle: 'circle' },
  { borderDash: [6, 4], pointStyle: 'rect' },
  { borderDash: [2, 3], pointStyle: 'triangle' },
];

let library;

/** Chart.js, loaded once; a load that failed is tried again by the next chart. */
function loadChart() {
  library ??= import('chart.js').then(
    ({ Chart, registerables }) => {
      Chart.register(...registerables);
      const body = getComputedStyle(document.body);
      Chart.defaults.font.family = body.fontFamily;
      Chart.defaults.color = '#4a5664';
      Chart.defaults.borderColor = '#dfe4ea';
      return Chart;
    },
    (err) => {
      library = undefined;
      throw err;
    },
  );
  return library;
}

const calm = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Marks the canvas once a frame is drawn (tests and screenshots wait for it). */
const drawnMark = {
  id: 'drawnMark',
  afterRender(chart) {
    chart.canvas.dataset.drawn = 'true';
  },
};

/**
 * `build()` returns the chart's { type, data, options }; it is called again (and the chart made
 * anew) whenever `data` changes. `height` in pixels, when the chart needs more than the usual.
 */
export function NumbersChart({ id, data, build, labelledBy, height }) {
  const canvas = useRef(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let chart;
    let live = true;
    loadChart()
      .then((Chart) => {
                if (!live || !canvas.current) return;
        const config = build();
        chart = new Chart(canvas.current, {
          ...config,
          plugins: [drawnMark],
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: calm() ? false : { duration: 250 },
            interaction: { mode: 'index', intersect: false },
            ...config.options,
            plugins: { legend: { labels: { usePointStyle: true, boxHeight: 8 } }, ...(config.options && config.options.plugins) },
          },
        });
      })
      .catch(() => {
        if (live) setFailed(true);
      });
    return () => {
      live = false;
      if (chart) chart.destroy();
    };
  }, [data]);

  if (failed) return html`<p class="numbers-chart-failed muted">The chart could not be drawn here; the figures are in the table below.</p>`;
  // A height of its own (one bar a row) is set through the DOM, which the page's CSP allows.
  return html`<div class="numbers-chart" style=${height ? { height: `${height}px` } : undefined}>
    <canvas ref=${canvas} id=${id} role="img" aria-labelledby=${labelledBy}></canvas>
  </div>`;
}
