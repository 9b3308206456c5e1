export {
  type AccessEvent,
  type AccessLogFilter,
  type AccessLogRow,
  accessLogRowSchema,
  countAccess,
  listAccess,
  recordAccess,
} from './access-log.js';
export { type AccessAction, type Accessor, accessEvent, audited, outcomeOf } from './audited.js';
