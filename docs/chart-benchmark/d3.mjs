const t0 = performance.now();
const { scaleLinear, scaleBand } = await import('d3-scale');
const t1 = performance.now();
const data = [
  { index: 'Communication', diff: 4.0, lo: 1.81, hi: 6.19 },
  { index: 'Victim response', diff: 16.54, lo: 14.24, hi: 18.84 },
  { index: 'Awareness', diff: 8.6, lo: 6.04, hi: 11.16 },
];
function render() {
  const x = scaleLinear().domain([Math.min(0, ...data.map((d) => d.lo)), Math.max(0, ...data.map((d) => d.hi))]).nice().range([160, 620]);
  const y = scaleBand().domain(data.map((d) => d.index)).range([10, 130]).padding(0.3);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 160">`];
  parts.push(`<line x1="${x(0)}" x2="${x(0)}" y1="0" y2="140" stroke="#888"/>`);
  for (const d of data) {
    const cy = y(d.index) + y.bandwidth() / 2;
    parts.push(`<text x="150" y="${cy}" text-anchor="end">${d.index}</text><line x1="${x(d.lo)}" x2="${x(d.hi)}" y1="${cy}" y2="${cy}" stroke="#000"/><circle cx="${x(d.diff)}" cy="${cy}" r="4"/>`);
  }
  for (const t of x.ticks(6)) parts.push(`<text x="${x(t)}" y="155" text-anchor="middle">${t}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
const svg = render();
const t2 = performance.now();
render();
const t3 = performance.now();
console.log(JSON.stringify({ importMs: +(t1 - t0).toFixed(1), firstRenderMs: +(t2 - t1).toFixed(1), secondRenderMs: +(t3 - t2).toFixed(2), svgBytes: svg.length }));
