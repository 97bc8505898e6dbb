/**
 * `npx tsx src/lib/analysis/testing/make-hotspot-fixtures.ts`: writes the inputs of the hot spot
 * golden files (fixtures/in/hotspot-grid.*, emerging-hotspots.*) from seeded synthetic reports,
 * positions rounded to 1e-7° and written one per line. Then regenerate the outputs with
 * `REGEN=1 npx vitest run src/lib/analysis/fixtures`.
 */
import { writeFileSync } from 'node:fs';
import type { Feature, Point } from 'geojson';
import { addWeeks } from '../iso-week';
import { syntheticReports } from './reports';
import { square } from './shapes';

const area = square({ id: 'studieomrade', name: 'Studieområde 1,4 × 1,4 km (exempel)' }, 1400);
const round = (f: Feature) => {
	const g = f.geometry as Point;
	g.coordinates = g.coordinates.map((v) => Math.round(v * 1e7) / 1e7);
	return f;
};
/** Tab-indented, each position on one line (as the golden files). */
const text = (value: unknown) => JSON.stringify(value, null, '\t').replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, '[$1, $2]') + '\n';

const week = syntheticReports(11, 60, 1400, [{ east: 250, north: 150, count: 25, spread: 60 }], '2024-W10');
writeFileSync(new URL('../fixtures/in/hotspot-grid.cluster.geojson', import.meta.url), text({
  type: 'FeatureCollection',
  properties: {
    description: 'Exempeldata (syntetiska rapporter, syntheticReports seed 11): 60 rapporter jämnt spridda över ett studieområde på 1,4 × 1,4 km nära Husby och en samling om 25 rapporter 250 m öster och 150 m norr om mitten. Standardval: rutor om 200 m, avståndsband 283 m, FDR.',
    options: {}
  },
  features: [area, ...week.features.map(round)]
}));

const wide = square({ id: 'studieomrade', name: 'Studieområde 2,4 × 2,4 km (exempel)' }, 2400);
const features: Feature[] = [wide];
for (let t = 0; t < 8; t++) {
  const w = addWeeks('2024-W03', t);
  const clusters = [{ east: -550, north: -450, count: 30, spread: 80 }, ...(t === 7 ? [{ east: 550, north: 550, count: 30, spread: 80 }] : [])];
  features.push(...syntheticReports(20 + t, 60, 2400, clusters, w).features.map((f) => { f.properties!['id'] = `${w}-${f.properties!['id']}`; return round(f); }));
}
writeFileSync(new URL('../fixtures/in/emerging-hotspots.new-and-persistent.geojson', import.meta.url), text({
  type: 'FeatureCollection',
  properties: {
    description: 'Exempeldata (syntetiska rapporter, syntheticReports seed 20–27): åtta veckor 2024-W03…W10 över 2,4 × 2,4 km med 60 jämnt spridda rapporter i veckan, en samling om 30 rapporter varje vecka sydväst om mitten (ihållande) och en om 30 bara sista veckan nordost om mitten (ny).',
    options: {}
  },
  features
}));
