import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../../apps/server/src/openapi-document';

const HEADER =
  '// Generated from the IRIS OpenAPI document by `npm run generate -w packages/sdk`. Do not edit.\n';

export async function renderSchemaTypes(): Promise<string> {
  const document = buildOpenApiDocument();
  const ast = await openapiTS(JSON.parse(JSON.stringify(document)));
  return HEADER + astToString(ast);
}
