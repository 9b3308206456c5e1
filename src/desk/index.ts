/** The responsible person's desk: what needs attention now, gathered from the other folders. */
export { type DeskSummary, deskLateDays, deskSummary, deskSummarySchema } from './summary.js';
