// Checks a tool's structured content against its output schema with the engine's own validator (types, required,
// enum, ranges, items), which compiles no regular expression from the server. The SDK would use ajv, which is left
// out of the bundle (see esbuild.mjs): a schema from a server is not trusted to be cheap to compile or run.
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { JsonSchema } from '../model/types';
import { validateArguments } from '../tools/validate';

export const outputValidator: jsonSchemaValidator = {
  getValidator: <T>(schema: unknown) => (input: unknown) => {
    const problems = validateArguments(input, schema as JsonSchema, 'structuredContent');
    return problems.length === 0 ? { valid: true as const, data: input as T, errorMessage: undefined } : { valid: false as const, data: undefined, errorMessage: problems.join('; ') };
  },
};
