import type { KpiValue } from './api.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { right: 12, top: 12, bottom: 28 };
/** About the width of a digit at the labels' 11 px: the axis labels set the left margin, so none is cut off. */
const CHAR_PX = 7;

/** A KPI over time as a plain SVG line: no chart library for one line. */
export function KpiChart({ values, label }: { values: KpiValue[]; label: string }) {
  if (values.length === 0) return <p>No values for this KPI yet.</p>;
  const numbers = values.map((v) => v.value);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const span = max - min || Math.abs(max) || 1;
  const format = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 2 });
  const padLeft = Math.max(56, 12 + CHAR_PX * Math.max(format(max).length, format(min).length));
  const x = (i: number) => padLeft + (values.length === 1 ? 0 : (i / (values.length - 1)) * (WIDTH - padLeft - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - min) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v.value).toFixed(1)}`).join(' ');
  const first = values[0]!;
  const last = values.at(-1)!;
  const summary = `${label} from ${first.period} to ${last.period}: ${format(first.value)} to ${format(last.value)} ${last.unit}, lowest ${format(min)}, highest ${format(max)}`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line class="axis" x1={padLeft} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} />
        <line class="axis" x1={padLeft} y1={PAD.top} x2={padLeft} y2={HEIGHT - PAD.bottom} />
        <text x={padLeft - 6} y={y(max) + 4} text-anchor="end">
          {format(max)}
        </text>
        <text x={padLeft - 6} y={y(min) + 4} text-anchor="end">
          {format(min)}
        </text>
        <text x={padLeft} y={HEIGHT - 8}>
          {first.period}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} text-anchor="end">
          {last.period}
        </text>
        <polyline class="line" points={points} />
        {values.map((v, i) => (
          <circle class="point" cx={x(i)} cy={y(v.value)} r={values.length > 40 ? 1.5 : 3}>
            <title>{`${v.period}: ${format(v.value)} ${v.unit}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
