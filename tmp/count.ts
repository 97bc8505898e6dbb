import { tempServices } from '../src/lib/server/testing/temp-service';
const s = tempServices();
for (const l of s.layers.list()) { const fc = s.layers.features(l.id); console.log(l.id, fc.features.length, JSON.stringify(fc).length); }
s.close();
