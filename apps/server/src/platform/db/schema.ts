// Every module's tables, for Drizzle's typed queries and drizzle-kit's migrations.
import { users } from '../../modules/users/users.schema';

export const schema = { users };
