import { createLogger } from '../platform/logging/logger';

export const silentLogger = createLogger({ level: 'silent' });
