/** A minimal valid value for an OpenAPI (JSON Schema) schema: required properties only. */
export function exampleFromSchema(
  schema: Record<string, unknown> | undefined,
  components: Record<string, unknown>,
): unknown {
  if (!schema) return {};
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return exampleFromSchema(components[name] as Record<string, unknown>, components);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[combinator];
    if (Array.isArray(options)) return exampleFromSchema(options[0] as Record<string, unknown>, components);
  }
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(
        required.map((name) => [name, exampleFromSchema(properties[name], components)]),
      );
    }
    case 'array':
      return [exampleFromSchema(schema.items as Record<string, unknown>, components)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'email') return 'sweep@example.test';
      return 'x'.repeat(typeof schema.minLength === 'number' ? Math.max(1, schema.minLength) : 1);
  }
}
