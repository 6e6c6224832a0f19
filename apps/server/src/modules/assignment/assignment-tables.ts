import { slaPolicies, slaTargets } from '../sla/sla.schema';
import { teamMembers, teams } from '../teams/teams.schema';
import { conversationAssignments } from './assignment.schema';

/** Teams, assignment history and SLAs, spread into the app's schema in one line. */
export const assignmentTables = { teams, teamMembers, conversationAssignments, slaPolicies, slaTargets };
