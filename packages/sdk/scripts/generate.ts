// Regenerates src/schema.d.ts from the server's OpenAPI document: `npm run generate -w packages/sdk`.
import { writeFileSync } from 'node:fs';
import { renderSchemaTypes } from './render-schema-types';

writeFileSync(new URL('../src/schema.d.ts', import.meta.url), await renderSchemaTypes());
console.log('packages/sdk/src/schema.d.ts written');
