const t0 = performance.now();
const vega = await import('vega');
const vl = await import('vega-lite');
const t1 = performance.now();
const data = [
  { index: 'Communication', diff: 4.0, lo: 1.81, hi: 6.19 },
  { index: 'Victim response', diff: 16.54, lo: 14.24, hi: 18.84 },
  { index: 'Awareness', diff: 8.6, lo: 6.04, hi: 11.16 },
];
const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 480, height: 120, data: { values: data },
  layer: [
    { mark: 'rule', encoding: { y: { field: 'index', type: 'nominal' }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    { mark: 'point', encoding: { y: { field: 'index', type: 'nominal' }, x: { field: 'diff', type: 'quantitative' } } },
    { mark: 'rule', data: { values: [{ z: 0 }] }, encoding: { x: { field: 'z', type: 'quantitative' } } },
  ],
};
const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
const svg = await view.toSVG();
const t2 = performance.now();
const view2 = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
await view2.toSVG();
const t3 = performance.now();
console.log(JSON.stringify({ importMs: +(t1 - t0).toFixed(1), firstRenderMs: +(t2 - t1).toFixed(1), secondRenderMs: +(t3 - t2).toFixed(1), svgBytes: svg.length }));
