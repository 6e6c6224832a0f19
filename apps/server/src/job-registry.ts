import type { AnyJobDefinition } from './platform/jobs/job';

/** Every module's job definitions: the worker role runs these. Modules add their jobs here. */
export const registeredJobs: AnyJobDefinition[] = [];
